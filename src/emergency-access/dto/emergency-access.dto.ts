import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { IsNotBlank, IsOptional, says } from '../../common/validators.js';
import {
  GRANT_STATES,
  MAX_EMERGENCY_MINUTES,
  MAX_REASON_LENGTH,
  MAX_REVIEW_NOTE_LENGTH,
  MIN_EMERGENCY_MINUTES,
  MIN_REASON_LENGTH,
  REVIEW_OUTCOMES,
  type GrantState,
  type ReviewOutcome,
} from '../emergency-access.values.js';

/** At least MIN_REASON_LENGTH characters from the first to the last that is not a space: the rule as the document states it. */
const REASON_PATTERN = new RegExp(`^\\s*\\S[\\s\\S]{${MIN_REASON_LENGTH - 2},}\\S\\s*$`);

export class RequestEmergencyAccessDto {
  @ApiProperty({
    minLength: MIN_REASON_LENGTH,
    maxLength: MAX_REASON_LENGTH,
    description: `Why you need access now, at least ${MIN_REASON_LENGTH} characters (not counting surrounding spaces). The privacy officer reviews it; it is never sent by e-mail or webhook.`,
    example: 'Crisismelding politie: kind alleen thuis, moet nu weten wie de regisseur en het netwerk zijn',
  })
  @IsString()
  @IsNotBlank()
  @MinLength(MIN_REASON_LENGTH)
  @MaxLength(MAX_REASON_LENGTH)
  @Matches(
    REASON_PATTERN,
    says({
      nl: `$property moet ten minste ${MIN_REASON_LENGTH} tekens bevatten (zonder spaties eromheen)`,
      en: `$property must hold at least ${MIN_REASON_LENGTH} characters (not counting surrounding spaces)`,
    }),
  )
  reason: string;
}

export class EmergencyAccessReviewDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES }) outcome: ReviewOutcome;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'uuid' }) reviewedById: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
}

export class EmergencyAccessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ format: 'uuid', description: 'The holder: the professional who took emergency access.' }) professionalId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
  @ApiProperty({ format: 'date-time', description: 'Access stops at this moment (exclusive).' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when the holder ended it early.' }) endedAt: string | null;
  @ApiProperty({ enum: GRANT_STATES, description: 'At the moment of the answer.' }) state: GrantState;
  @ApiProperty({ type: EmergencyAccessReviewDto, nullable: true, description: "The privacy officer's review; null until reviewed." })
  review: EmergencyAccessReviewDto | null;
}

/**
 * An emergency access to a household as its coordinator and supervisors see it: who broke the glass, why, when and
 * until when. The privacy officer's review stays with the privacy officer (it judges the holder, not the case).
 */
export class HouseholdEmergencyAccessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ format: 'uuid', description: 'Who took it: the professional (GET /professionals/{id}).' }) professionalId: string;
  @ApiProperty({ description: 'Why they needed access, as they gave it.' }) reason: string;
  @ApiProperty({ format: 'date-time' }) grantedAt: string;
  @ApiProperty({ format: 'date-time', description: 'Access stops at this moment (exclusive).' }) expiresAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when the holder ended it early.' }) endedAt: string | null;
  @ApiProperty({ enum: GRANT_STATES, description: 'At the moment of the answer.' }) state: GrantState;
}

export class EmergencyAccessQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only grants the privacy officer has not reviewed yet.', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unreviewed?: boolean;
}

export class ReviewEmergencyAccessDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES, description: 'Whether the emergency access was justified.' })
  @IsIn(REVIEW_OUTCOMES)
  outcome: ReviewOutcome;

  @ApiPropertyOptional({ maxLength: MAX_REVIEW_NOTE_LENGTH, description: 'What the review found, e.g. the follow-up of an unjustified access.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_REVIEW_NOTE_LENGTH)
  note?: string;
}

export class EmergencyAccessPolicyDto {
  @ApiProperty({ minimum: MIN_EMERGENCY_MINUTES, maximum: MAX_EMERGENCY_MINUTES, description: 'How long a new grant lasts, in minutes.' })
  durationMinutes: number;
  @ApiProperty({ description: 'True while the municipality has not chosen (the default applies).' }) isDefault: boolean;
}

export class UpdateEmergencyAccessPolicyDto {
  // a JSON number, as the document says: no conversion from text (an outside fuzzer had "6e1" and "0x3c" taken)
  @ApiProperty({ minimum: MIN_EMERGENCY_MINUTES, maximum: MAX_EMERGENCY_MINUTES, description: 'How long a new grant lasts, in whole minutes (grants already given keep their expiry).' })
  @IsInt()
  @Min(MIN_EMERGENCY_MINUTES)
  @Max(MAX_EMERGENCY_MINUTES)
  durationMinutes: number;
}
