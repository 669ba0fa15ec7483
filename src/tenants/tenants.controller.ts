import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.js';
import { LifeDomainDto } from './life-domain.dto.js';
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
  @ApiOkResponse({ type: LifeDomainDto, isArray: true })
  @ApiProblems()
  list(): Promise<LifeDomainDto[]> {
    return this.tenants.listLifeDomains();
  }
}
