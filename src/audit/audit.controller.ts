import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { Audit } from './audit.decorators.js';
import { AuditService } from './audit.service.js';
import {
  AccessReportDto,
  AccessReportQueryDto,
  AuditCheckpointPageDto,
  AuditEventDto,
  ChainVerificationDto,
  CheckpointQueryDto,
  HouseholdAuditQueryDto,
  VerifyAuditDto,
} from './dto/audit.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditEventDto)
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit/verify')
  @Roles('admin', 'privacy_officer')
  @Audit({ resource: 'audit_trail', action: 'read', purpose: 'accountability' })
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: "Recompute your tenant's sealed audit chains, check every checkpoint, and report the first cut with its sequence number.",
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiProblems(403)
  verify(): Promise<ChainVerificationDto> {
    return this.audit.verify();
  }

  @Post('audit/verify')
  @HttpCode(200)
  @Roles('admin', 'privacy_officer')
  @Audit({ resource: 'audit_trail', action: 'read', purpose: 'accountability' })
  @ApiOperation({
    operationId: 'verifyAuditChainAgainstCheckpoints',
    summary: 'Verify as GET does, and also against checkpoints you hold outside Eenplan (a tail cut off after them shows as `truncated`).',
  })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiProblems(400, 403)
  verifyWith(@Body() body: VerifyAuditDto): Promise<ChainVerificationDto> {
    return this.audit.verify(body.checkpoints ?? []);
  }

  @Get('audit/checkpoints')
  @Roles('admin', 'privacy_officer')
  @Audit({ resource: 'audit_trail', action: 'read', purpose: 'accountability' })
  @ApiOperation({
    operationId: 'listAuditCheckpoints',
    summary: "Your tenant's signed audit checkpoints, oldest first, and the public key that checks them (keep copies outside Eenplan).",
  })
  @ApiOkResponse({ type: AuditCheckpointPageDto })
  @ApiProblems(400, 403)
  checkpoints(@Query() query: CheckpointQueryDto): Promise<AuditCheckpointPageDto> {
    return this.audit.checkpoints(query);
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
