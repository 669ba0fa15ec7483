import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CaseloadService } from './caseload.service.js';
import { CaseloadDto, HandoverDto, HandoverResultDto } from './dto/caseload.dto.js';
import { Audit } from '../../audit/audit.decorators.js';

@ApiTags('supervision')
@ApiBearerAuth()
@ApiExtraModels(CaseloadDto)
@Controller('supervision/caseload')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @Get()
  @Audit({ resource: 'caseload', action: 'search' })
  @Roles('supervisor')
  @ApiOperation({ operationId: 'listCaseloads', summary: 'Per coordinator: active households, overdue actions, stalled cases, last activity.' })
  @ApiOkResponse({ schema: pageSchema('CaseloadDto') })
  @ApiProblems(400, 403)
  list(@Query() query: PageQueryDto) {
    return this.caseload.list(query);
  }

  @Post(':coordinatorId/handover')
  @Audit({ resource: 'coordinator_assignment', action: 'update', households: ({ result }) => (result as HandoverResultDto).householdIds })
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ operationId: 'handOverCaseload', summary: "Hand a coordinator's households (all, or the listed ones) to another coordinator in one transaction." })
  @ApiOkResponse({ type: HandoverResultDto })
  @ApiProblems(400, 403, 404, 409, 422)
  handOver(@UuidParam('coordinatorId') coordinatorId: string, @Body() body: HandoverDto): Promise<HandoverResultDto> {
    return this.caseload.handOver(coordinatorId, body);
  }
}
