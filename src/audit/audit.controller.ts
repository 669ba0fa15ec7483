import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { Audit } from './audit.decorators.js';
import { AuditService } from './audit.service.js';
import { AccessReportDto, AccessReportQueryDto, AuditEventDto, ChainVerificationDto, HouseholdAuditQueryDto } from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditEventDto)
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit/verify')
  @Roles('admin', 'privacy_officer')
  @Audit({ resource: 'audit_trail', action: 'read', purpose: 'accountability' })
  @ApiOperation({ operationId: 'verifyAuditChain', summary: "Recompute your tenant's audit hash chain and report the first broken link." })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiProblems(403)
  verify(): Promise<ChainVerificationDto> {
    return this.audit.verify();
  }

  @Get('households/:householdId/audit')
  @Roles('supervisor', 'privacy_officer')
  @Audit({ resource: 'audit_trail', action: 'read', purpose: 'accountability', resourceId: () => null })
  @ApiOperation({ operationId: 'listHouseholdAudit', summary: 'Audit events concerning the household, newest first.' })
  @ApiOkResponse({ schema: pageSchema('AuditEventDto') })
  @ApiProblems(400, 403, 404)
  events(@UuidParam('householdId') householdId: string, @Query() query: HouseholdAuditQueryDto) {
    return this.audit.householdEvents(householdId, query);
  }

  @Get('households/:householdId/access-report')
  @Roles('supervisor', 'privacy_officer')
  @Audit({ resource: 'access_report', action: 'read', purpose: 'accountability', resourceId: () => null })
  @ApiOperation({
    operationId: 'getAccessReport',
    summary: "Who saw or changed the household's (or one member's) data, when, for what purpose and on which basis (AVG art. 15).",
  })
  @ApiOkResponse({ type: AccessReportDto })
  @ApiProblems(400, 403, 404)
  accessReport(@UuidParam('householdId') householdId: string, @Query() query: AccessReportQueryDto): Promise<AccessReportDto> {
    return this.audit.accessReport(householdId, query);
  }
}
