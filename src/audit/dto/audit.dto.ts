import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, LEGAL_BASES_USED } from '../audit.types.js';
import { REPORT_LANGUAGES, type ReportLanguage } from '../audit-labels.js';

export class ChainVerificationDto {
  @ApiProperty({ description: 'Whether every event of your tenant links correctly to its predecessor.' }) ok: boolean;
  @ApiProperty({ description: 'Events checked (in chain order) up to the first broken link.' }) verified: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Sequence number of the first event whose link is broken.' }) firstBrokenSeq: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['sequence_gap', 'prev_hash_mismatch', 'hash_mismatch', 'head_mismatch'] }) reason: string | null;
}

export class AuditEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: string;
  @ApiProperty({ enum: ['professional', 'client'] }) actorKind: string;
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) apiClientId: string | null;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organisation an API client acted for.' }) onBehalfOfOrganisationId: string | null;
  @ApiProperty() resourceType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resourceId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) householdId: string | null;
  @ApiProperty({ type: [String] }) memberIds: string[];
  @ApiProperty() purpose: string;
  @ApiProperty({ enum: LEGAL_BASES_USED }) legalBasis: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) consentId: string | null;
  @ApiProperty({ description: 'Method and path template.' }) route: string;
  @ApiProperty() httpStatus: number;
  @ApiProperty({ type: String, nullable: true, description: "Eenplan's own request id (the X-Request-Id of its answer)." }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceAddress: string | null;
  @ApiProperty({ type: String, nullable: true, pattern: '^[A-Za-z0-9._:-]{1,64}$', description: "The caller's own X-Request-Id, kept only if it matched the pattern." })
  callerRequestId: string | null;
  @ApiProperty() hash: string;
}

export class AccessReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this member's data (and household-wide data, which includes it)." })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ enum: REPORT_LANGUAGES, default: 'nl' })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES)
  lang?: ReportLanguage;
}

export class AccessReportEntryDto {
  @ApiProperty({ description: 'Day (Europe/Amsterdam), yyyy-mm-dd.' }) date: string;
  @ApiProperty() firstAt: string;
  @ApiProperty() lastAt: string;
  @ApiProperty() times: number;
  @ApiProperty() organisation: string;
  @ApiProperty() role: string;
  @ApiProperty() action: string;
  @ApiProperty() purpose: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({ description: 'Codes behind the labels, for processing.' })
  codes: { roles: string[]; action: string; purpose: string; legalBasis: string };
}

export class AccessReportDto {
  @ApiProperty({ enum: REPORT_LANGUAGES }) language: ReportLanguage;
  @ApiProperty() title: string;
  @ApiProperty() scope: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) memberId: string | null;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ description: 'Column headings in the report language.' }) columns: Record<string, string>;
  @ApiProperty({ type: [AccessReportEntryDto] }) entries: AccessReportEntryDto[];
}

export class HouseholdAuditQueryDto extends PageQueryDto {}
