import { Body, Controller, Get, Headers, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { ifMatchHeader, requireIfMatch } from '../common/etag.js';
import { setEtag } from '../common/http.js';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ETAG_HEADER as ETAG } from '../common/openapi.js';
import { LifeDomainDto, ReplaceLifeDomainsDto } from './life-domain.dto.js';
import { TenantsService } from './tenants.service.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('life-domains')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @NoPersonalData()
  @ApiOperation({ operationId: 'listLifeDomains', summary: 'Leefgebieden: the life domains goals refer to, in order.' })
  @ApiOkResponse({ type: LifeDomainDto, isArray: true, headers: ETAG })
  @ApiProblems()
  async list(@Res({ passthrough: true }) res: Response): Promise<LifeDomainDto[]> {
    const { version, domains } = await this.tenants.lifeDomainList();
    setEtag(res, version);
    return domains;
  }

  @Put()
  @NoPersonalData()
  @Roles('admin')
  @ApiOperation({
    operationId: 'replaceLifeDomains',
    summary: "Edit the municipality's life-domain list (admin; If-Match with the list's ETag). Versioned; existing goals keep their domain.",
  })
  @ApiHeader(ifMatchHeader("The list's ETag (its version) you last read with GET /life-domains."))
  @ApiOkResponse({ type: LifeDomainDto, isArray: true, headers: ETAG })
  @ApiProblems(400, 403, 412, 428)
  async replace(@Headers('if-match') ifMatch: string | undefined, @Body() body: ReplaceLifeDomainsDto, @Res({ passthrough: true }) res: Response): Promise<LifeDomainDto[]> {
    const { version, domains } = await this.tenants.replaceLifeDomains(requireIfMatch(ifMatch, 'life-domain list'), body);
    setEtag(res, version);
    return domains;
  }
}
