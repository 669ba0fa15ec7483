import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsNotBlank, IsOptional, IsUuid } from '../../../common/validators.js';
import { DISPOSITIONS, KEEP_GROUNDS, RECORD_CATEGORIES, type Disposition, type KeepGround, type RecordCategory } from '../erasure-report.js';
import { PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES, type PrivacyRequestKind, type PrivacyRequestStatus } from '../privacy-request-values.js';

export class RecordPrivacyRequestDto {
  @ApiProperty({ enum: PRIVACY_REQUEST_KINDS, description: '`erasure` (AVG art. 17) or `restriction` of processing (art. 18).' })
  @IsIn(PRIVACY_REQUEST_KINDS)
  kind: PrivacyRequestKind;

  @ApiProperty({ format: 'uuid', description: 'The household the request concerns.' })
  @IsUuid()
  householdId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member it concerns; omit for the whole household.' })
  @IsOptional()
  @IsUuid()
  memberId?: string;

  @ApiProperty({ maxLength: 2000, description: 'What the citizen asks and on which ground (no more personal data than needed).' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Brief van 28-11-2026, kenmerk FG-2026-014', description: 'The citizen\'s letter or your reference.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  reference?: string;
}

export class ApprovePrivacyRequestDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'A note on the decision (optional).' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason?: string;
}

export class RejectPrivacyRequestDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the request is rejected (told to the citizen).' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export class LiftRestrictionDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the restriction ends (e.g. the accuracy was verified).' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export class ListPrivacyRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PRIVACY_REQUEST_STATUSES, description: 'Only requests in this step.' })
  @IsOptional()
  @IsIn(PRIVACY_REQUEST_STATUSES)
  status?: PrivacyRequestStatus;
}

export class BilingualTextDto {
  @ApiProperty() nl: string;
  @ApiProperty() en: string;
}

export class PrivacyRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PRIVACY_REQUEST_KINDS }) kind: PrivacyRequestKind;
  @ApiProperty({ enum: PRIVACY_REQUEST_STATUSES }) status: PrivacyRequestStatus;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the whole household.' }) memberId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ format: 'uuid' }) requestedById: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) executedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) executedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) liftedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) liftedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) liftReason: string | null;
}

export class CategoryDecisionDto {
  @ApiProperty({ enum: RECORD_CATEGORIES }) category: RecordCategory;
  @ApiProperty({ description: 'Rows of this category that concern the subject.' }) count: number;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: Disposition;
  @ApiProperty({ enum: KEEP_GROUNDS, nullable: true, type: String, description: 'The rule that keeps it, when kept.' }) keptBecause: KeepGround | null;
  @ApiProperty({ type: BilingualTextDto }) reason: BilingualTextDto;
}

export class CategoryOutcomeDto extends CategoryDecisionDto {
  @ApiProperty({ description: 'Rows deleted or pseudonymised (0 when kept).' }) affected: number;
}

export class ErasurePreviewDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: PRIVACY_REQUEST_KINDS }) kind: PrivacyRequestKind;
  @ApiProperty({ description: 'The case is not closed.' }) caseOpen: boolean;
  @ApiProperty({ description: 'A legal hold stands on the household.' }) legalHold: boolean;
  @ApiProperty({ type: [CategoryDecisionDto], description: 'For an erasure: per category what execution would do. For a restriction: what it freezes.' })
  categories: CategoryDecisionDto[];
}

export class ErasureReportDto {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) memberId: string | null;
  @ApiProperty({ format: 'uuid' }) requestedById: string;
  @ApiProperty({ format: 'uuid' }) approvedById: string;
  @ApiProperty({ format: 'uuid' }) executedById: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time' }) finishedAt: string;
  @ApiProperty({ type: [CategoryOutcomeDto] }) categories: CategoryOutcomeDto[];
}
