import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { ProfessionalRefDto } from '../../dto/casework-refs.dto.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsNotBlank, IsOptional, IsUuid } from '../../../common/validators.js';

export const ESCALATION_STATUSES = ['open', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export class OpenEscalationDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the case needs a supervisor-level intervention.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 40,
    uniqueItems: true,
    example: ['finances'],
    description:
      'Life-domain codes (GET /life-domains, active ones) the escalation concerns; unknown or inactive codes are a 422 UNKNOWN_LIFE_DOMAIN. ' +
      'Purpose limitation: a partner whose care-team link covers none of them does not see the escalation. Omit or empty: no domain in particular.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  domains?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    uniqueItems: true,
    description:
      'Active members of this household the escalation concerns; others are a 422 MEMBER_NOT_IN_HOUSEHOLD. Purpose limitation: a partner sees it only when ' +
      'its link covers every one of them. Omit or empty: the household as a whole (only partners of the whole household see it).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUuid({ each: true })
  memberIds?: string[];
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
  @ApiProperty({ description: 'Free text, a case note: a partner reads the escalation only when its link opens contact notes (`scope.contactNotes`).' }) reason: string;
  @ApiProperty({ type: [String], description: 'The life domains it concerns; empty: none in particular.' }) domains: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'The members it concerns; empty: the household as a whole.' }) memberIds: string[];
  @ApiProperty({ type: ProfessionalRefDto }) openedBy: ProfessionalRefDto;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ type: ProfessionalRefDto, nullable: true }) resolvedBy: ProfessionalRefDto | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}
