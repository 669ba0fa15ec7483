import type { ChainForm } from '../audit-chain.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, LEGAL_BASES_USED } from '../audit.types.js';
import { REPORT_LANGUAGES, type ReportLanguage } from '../audit-labels.js';
import { CUT_REASONS, type CutReason } from '../audit-verifier.js';
import { IsOptional, IsUuid } from '../../common/validators.js';

export class ChainVerificationDto {
  @ApiProperty({ description: "Whether your tenant's audit chains recompute, every checkpoint is ours and agrees, and no event is left unsealed." })
  ok: boolean;
  @ApiProperty({ description: 'Sealed events recomputed, up to the first cut.' }) verified: number;
  @ApiProperty({ description: 'Stored checkpoints whose signature and chain value were confirmed.' }) checkpoints: number;
  @ApiProperty({ description: 'Checkpoints you handed in that matched the stored ones.' }) externalCheckpoints: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Sequence number where the first cut was found.' }) firstBrokenSeq: number | null;
  // a nullable enum lists null among its values (OpenAPI 3.0.3): a strict validator refused the `null` of a whole trail
  @ApiProperty({ type: String, nullable: true, enum: [...CUT_REASONS, null], description: 'Why the first cut was found; null when the trail is whole.' }) reason: CutReason | null;
}

export class VerifyAuditDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Checkpoints you hold outside Eenplan (the `jws` of each, as published): a tail cut off after them is reported as `truncated`.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(4_000, { each: true })
  checkpoints?: string[];
}

export class AuditCheckpointDto {
  @ApiProperty({ format: 'uuid' }) tenantId: string;
  @ApiProperty({ description: 'The month whose chain this is (UTC), yyyy-mm-01.' }) segment: string;
  @ApiProperty({ description: '1, 2, 3 … per month, without gaps.' }) number: number;
  @ApiProperty({ description: 'The highest sequence number sealed in this batch.' }) lastSeq: number;
  @ApiProperty({ description: "The chain value (HMAC-SHA-256, hex) after this batch: its last link in forms 1 and 2, the batch's MAC over all its events in form 3." }) chain: string;
  @ApiProperty({ description: 'Events in this batch.' }) count: number;
  @ApiProperty({ description: 'Events in this month so far.' }) total: number;
  @ApiProperty() sealedAt: string;
  @ApiProperty({
    enum: [1, 2, 3],
    description:
      'How the chain serialises each event (docs/SECURITY.md, "Chain forms"): 1 for months started before form 2, 2 for months started before form 3, 3 after (`chain` is then one MAC over the batch\'s events). In the signed payload from form 2 on; absent there means 1.',
  })
  form: ChainForm;
  @ApiProperty({ description: 'ES256 compact JWS whose payload is the fields above; check it with `publicKey`.' }) jws: string;
}

export class AuditCheckpointPageDto {
  @ApiProperty({ type: [AuditCheckpointDto] }) items: AuditCheckpointDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({
    description: 'The public JWK (ES256, RFC 7517) that checks the checkpoints.',
    type: 'object',
    properties: { kty: { type: 'string', example: 'EC' }, crv: { type: 'string', example: 'P-256' }, x: { type: 'string' }, y: { type: 'string' } },
    required: ['kty', 'crv', 'x', 'y'],
    additionalProperties: { type: 'string' },
  })
  publicKey: Record<string, unknown>;
}

export class CheckpointQueryDto extends PageQueryDto {}

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
  @ApiProperty({ type: String, nullable: true, description: 'The chain value after this event (HMAC-SHA-256, hex); null until the sealer sealed it.' })
  seal: string | null;
}

export class AccessReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this member's data (and household-wide data, which includes it)." })
  @IsOptional()
  @IsUuid()
  memberId?: string;

  @ApiPropertyOptional({ enum: REPORT_LANGUAGES, default: 'nl' })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES)
  lang?: ReportLanguage;
}

export class AccessReportEntryDto {
  @ApiProperty({ format: 'date', description: 'Day (Europe/Amsterdam), yyyy-mm-dd.' }) date: string;
  @ApiProperty({ format: 'date-time' }) firstAt: string;
  @ApiProperty({ format: 'date-time' }) lastAt: string;
  @ApiProperty() times: number;
  @ApiProperty() organisation: string;
  @ApiProperty() role: string;
  @ApiProperty() action: string;
  @ApiProperty() purpose: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({ description: 'Seen or done through emergency access (break-the-glass, NEN 7513): a professional who was not involved, for a short time, with a reason; reviewed by the privacy officer.' })
  emergencyAccess: boolean;
  @ApiProperty({
    description: 'Codes behind the labels, for processing.',
    type: 'object',
    required: ['roles', 'action', 'purpose', 'legalBasis'],
    properties: { roles: { type: 'array', items: { type: 'string' } }, action: { type: 'string' }, purpose: { type: 'string' }, legalBasis: { type: 'string' } },
  })
  codes: { roles: string[]; action: string; purpose: string; legalBasis: string };
}

export class AccessReportDto {
  @ApiProperty({ enum: REPORT_LANGUAGES }) language: ReportLanguage;
  @ApiProperty() title: string;
  @ApiProperty() scope: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) memberId: string | null;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ description: 'Column headings in the report language.', type: 'object', additionalProperties: { type: 'string' } }) columns: Record<string, string>;
  @ApiProperty({ type: [AccessReportEntryDto] }) entries: AccessReportEntryDto[];
}

export class HouseholdAuditQueryDto extends PageQueryDto {}
