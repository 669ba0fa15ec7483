import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProfessionalRefDto } from '../../casework/dto/casework-refs.dto.js';
import { IsNotBlank, IsOptional, IsUuid } from '../../common/validators.js';
import { COORDINATION_STATES, HANDOVER_STATUSES, MAX_OVERLAP_DAYS, VACANCY_REASONS, type CoordinationState, type HandoverStatus, type VacancyReason } from '../coordination-states.js';

export class StepDownDto {
  @ApiProperty({ maxLength: 1000, example: 'Langdurig ziek', description: 'Why; the household becomes vacant (stepped down) until someone takes it.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class ProposeHandoverDto {
  @ApiProperty({ format: 'uuid', description: 'The active coordinator who is asked to take over.' })
  @IsUuid()
  toProfessionalId: string;

  @ApiProperty({ maxLength: 1000, example: 'Verhuizing naar andere wijk' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OVERLAP_DAYS, default: 0, description: 'Days the outgoing coordinator stays involved (not accountable) after acceptance.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_OVERLAP_DAYS)
  overlapDays?: number;
}

export class DeclineHandoverDto {
  @ApiProperty({ maxLength: 1000, example: 'Caseload vol' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class CoordinatorHandoverDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ type: ProfessionalRefDto }) from: ProfessionalRefDto;
  @ApiProperty({ type: ProfessionalRefDto }) to: ProfessionalRefDto;
  @ApiProperty({ format: 'uuid' }) proposedById: string;
  @ApiProperty() reason: string;
  @ApiProperty() overlapDays: number;
  @ApiProperty({ enum: HANDOVER_STATUSES }) status: HandoverStatus;
  @ApiProperty({ format: 'date-time' }) proposedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
}

export class VacancyDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ enum: VACANCY_REASONS }) reason: VacancyReason;
}

export class OverlapDto {
  @ApiProperty({ type: ProfessionalRefDto, description: 'The previous coordinator, still involved but not accountable.' }) professional: ProfessionalRefDto;
  @ApiProperty({ format: 'date-time' }) until: string;
}

export class CoordinationStateDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ enum: COORDINATION_STATES }) state: CoordinationState;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true, description: 'The one accountable coordinator; null when vacant.' }) coordinator: ProfessionalRefDto | null;
  @ApiProperty({ type: VacancyDto, nullable: true }) vacancy: VacancyDto | null;
  @ApiProperty({ type: CoordinatorHandoverDto, nullable: true }) pendingHandover: CoordinatorHandoverDto | null;
  @ApiProperty({ type: OverlapDto, nullable: true }) overlap: OverlapDto | null;
  @ApiProperty({ type: [CoordinatorHandoverDto], description: 'Every proposed hand-over of the household, newest first (up to 100).' }) handovers: CoordinatorHandoverDto[];
}
