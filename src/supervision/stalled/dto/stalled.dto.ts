import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsDateOnly, IsNotBlank, IsOptional, IsUuid } from '../../../common/validators.js';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from '../../../households/household-status.js';
import { STALL_RULES, type StallRule } from '../../stall-rules.js';

export const QUEUE_SORTS = ['severity', 'age'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const COORDINATION_STATES = ['assigned', 'vacant'] as const;
export type CoordinationState = (typeof COORDINATION_STATES)[number];

export class ListStalledQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STALL_RULES, description: 'Only households for which this rule fires (and is not snoozed).' })
  @IsOptional()
  @IsIn(STALL_RULES)
  rule?: StallRule;

  @ApiPropertyOptional({ maxLength: 100, description: 'District (wijk), case-insensitive.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Households this professional coordinates now.' })
  @IsOptional()
  @IsUuid()
  coordinatorId?: string;

  @ApiPropertyOptional({ enum: COORDINATION_STATES, description: '`vacant`: households without a coordinator now.' })
  @IsOptional()
  @IsIn(COORDINATION_STATES)
  coordination?: CoordinationState;

  @ApiPropertyOptional({ format: 'uuid', description: 'Households with this organisation on the active care team.' })
  @IsOptional()
  @IsUuid()
  organisationId?: string;

  @ApiPropertyOptional({ enum: QUEUE_SORTS, default: 'severity', description: '`severity`: most severe first, then longest stalled; `age`: longest stalled first.' })
  @IsOptional()
  @IsIn(QUEUE_SORTS)
  sort?: QueueSort;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: '`csv` is the same as `Accept: text/csv`: every matching household, no paging.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** A rule's figures; which fields are present depends on the rule. */
export class StallFiguresDto {
  @ApiProperty({ description: 'Calendar days past the reference as of today (NO_PROGRESS: between baseline and latest assessment).' }) days: number;
  @ApiPropertyOptional({ description: 'ACTIONS_OVERDUE: overdue actions; SIGNAL_UNANSWERED: unacknowledged signals.' }) count?: number;
  @ApiPropertyOptional({ format: 'date', description: 'NO_COORDINATOR: vacant since this day' }) vacantSince?: string;
  @ApiPropertyOptional({ format: 'date', description: 'NO_PLAN, NO_CONTACT: the day intake started' }) intakeStartedOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'PLAN_NOT_UPDATED: the day of the last plan change' }) lastChangedOn?: string;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'NO_CONTACT: the day of the last contact (null: never)' })
  lastContactOn?: string | null;
  @ApiPropertyOptional({ format: 'date', description: 'REVIEW_OVERDUE' }) reviewDate?: string;
  @ApiPropertyOptional({ format: 'date', description: 'ACTIONS_OVERDUE: due date of the most overdue action' }) oldestDueDate?: string;
  @ApiPropertyOptional({ format: 'date', description: 'SIGNAL_UNANSWERED: the day the oldest unacknowledged signal was matched' }) oldestMatchedOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'NO_PROGRESS' }) baselineOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'NO_PROGRESS' }) latestOn?: string;
  @ApiPropertyOptional({ description: 'NO_PROGRESS: summed baseline scores over the compared domains' }) baselineTotal?: number;
  @ApiPropertyOptional({ description: 'NO_PROGRESS: summed latest scores over the compared domains' }) latestTotal?: number;
  @ApiPropertyOptional({ description: 'NO_PROGRESS: domains scored in both assessments' }) domains?: number;
}

export class StalledRuleDto {
  @ApiProperty({ enum: STALL_RULES }) rule: StallRule;
  @ApiProperty({ format: 'date-time', description: 'First evaluation that saw this rule fire.' }) since: string;
  @ApiProperty({ type: StallFiguresDto }) figures: StallFiguresDto;
}

export class SnoozedRuleDto {
  @ApiProperty({ enum: STALL_RULES }) rule: StallRule;
  @ApiProperty({ format: 'date', description: 'Hidden up to and including this day.' }) until: string;
}

export class CoordinatorRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class CoordinationDto {
  @ApiProperty({ enum: COORDINATION_STATES, description: '`vacant`: nobody coordinates this household now.' }) state: CoordinationState;
  @ApiProperty({ type: CoordinatorRefDto, nullable: true }) coordinator: CoordinatorRefDto | null;
  @ApiProperty({ format: 'date-time', description: 'Since when assigned, or since when vacant.' }) since: string;
}

export class StalledCaseDto {
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() district: string;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) status: HouseholdStatus;
  @ApiProperty({ type: CoordinationDto }) coordination: CoordinationDto;
  @ApiProperty({ description: 'Sum of the weights of the visible rules; higher is more urgent.' }) severity: number;
  @ApiProperty({ format: 'date-time', description: 'When the household entered the stalled state.' }) stalledSince: string;
  @ApiProperty({ description: 'Calendar days since stalledSince.' }) daysStalled: number;
  @ApiProperty({ type: [StalledRuleDto], description: 'Rules that fire and are not snoozed.' }) rules: StalledRuleDto[];
  @ApiProperty({ type: [SnoozedRuleDto], description: 'Rules that fire but are snoozed.' }) snoozed: SnoozedRuleDto[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: "Your municipality's last evaluation: the queue is as of then." })
  lastEvaluatedAt: string | null;
}

export class EvaluationResultDto {
  @ApiProperty({ format: 'date-time' }) evaluatedAt: string;
  @ApiProperty({ description: 'Open households evaluated.' }) households: number;
  @ApiProperty({ description: 'Household–rule pairs firing now, snoozed or not.' }) firing: number;
  @ApiProperty({ description: 'Rules that started firing in this run.' }) raised: number;
  @ApiProperty({ description: 'Rules that stopped firing in this run.' }) cleared: number;
  @ApiProperty({ description: 'Households that became stalled (one case.stalled each).' }) entered: number;
  @ApiProperty({ description: 'Households that are no longer stalled (one case.unstalled each).' }) left: number;
  @ApiProperty({ description: 'Households in the review queue now.' }) stalledHouseholds: number;
}

export class CreateSnoozeDto {
  @ApiProperty({ enum: STALL_RULES })
  @IsIn(STALL_RULES)
  rule: StallRule;

  @ApiProperty({ format: 'date', description: 'Last day the rule stays hidden (today up to a year ahead); it shows again the day after.' })
  @IsDateOnly()
  until: string;

  @ApiProperty({ maxLength: 1000, description: 'Why the rule may be ignored for now.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class SnoozeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ enum: STALL_RULES }) rule: StallRule;
  @ApiProperty({ format: 'date' }) until: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'Hides the rule today.' }) active: boolean;
  @ApiProperty({ format: 'uuid' }) createdById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
