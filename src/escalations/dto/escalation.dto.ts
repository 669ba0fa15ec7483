import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ProfessionalRefDto } from '../../casework/dto/casework-refs.dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { IsNotBlank } from '../../common/validators.js';

export const ESCALATION_STATUSES = ['open', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export class OpenEscalationDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the case needs a supervisor-level intervention.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;
}

export class ResolveEscalationDto {
  @ApiProperty({ maxLength: 2000, description: 'What was decided or done.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  outcome: string;
}

export class ListEscalationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ESCALATION_STATUSES, description: 'Only open or only resolved escalations.' })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES)
  status?: EscalationStatus;
}

export class EscalationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ enum: ESCALATION_STATUSES }) status: EscalationStatus;
  @ApiProperty() reason: string;
  @ApiProperty({ type: ProfessionalRefDto }) openedBy: ProfessionalRefDto;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) resolvedBy: ProfessionalRefDto | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}
