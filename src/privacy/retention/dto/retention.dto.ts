import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { RUN_MODES, RUN_STATUSES, RUN_TRIGGERS, type RunMode, type RunStatus, type RunTrigger } from '../entities/retention-run.entity.js';
import { PERIOD_UNITS, type PeriodUnit } from '../retention-period.js';
import { RETENTION_ACTIONS, RETENTION_CATEGORIES, START_MOMENTS, type RetentionAction, type RetentionCategory, type StartMoment } from '../retention-schedule.js';

export const MAX_PERIOD_AMOUNT = 100_000;

export class UpdateRetentionPeriodDto {
  @ApiProperty({ minimum: 1, maximum: MAX_PERIOD_AMOUNT, description: "The period's length in `unit`s; within the category's minimum and maximum." })
  @IsInt()
  @Min(1)
  @Max(MAX_PERIOD_AMOUNT)
  amount: number;

  @ApiProperty({ enum: PERIOD_UNITS, description: 'Months and years are calendar months and years (UTC).' })
  @IsIn(PERIOD_UNITS)
  unit: PeriodUnit;
}

export class RetentionPeriodDto {
  @ApiProperty({ minimum: 1 }) amount: number;
  @ApiProperty({ enum: PERIOD_UNITS }) unit: PeriodUnit;
}

export class RetentionCategoryDto {
  @ApiProperty({ enum: RETENTION_CATEGORIES }) category: RetentionCategory;
  @ApiProperty({ description: 'What the category holds and what happens when its period has passed.' }) description: string;
  @ApiProperty({ description: 'The legal basis for keeping it, and where the period comes from.' }) legalBasis: string;
  @ApiProperty({ enum: START_MOMENTS, description: 'When the period starts.' }) startsAt: StartMoment;
  @ApiProperty({ enum: RETENTION_ACTIONS, description: '`delete`; `retire_segment`: a month of the audit trail retired under a signed record; `follows`: goes with another category.' })
  action: RetentionAction;
  @ApiProperty({ type: RetentionPeriodDto, description: "Your municipality's period." }) period: RetentionPeriodDto;
  @ApiProperty({ type: RetentionPeriodDto }) defaultPeriod: RetentionPeriodDto;
  @ApiProperty({ type: RetentionPeriodDto, nullable: true, description: 'Shortest period you may set; null when fixed.' }) minPeriod: RetentionPeriodDto | null;
  @ApiProperty({ type: RetentionPeriodDto, nullable: true, description: 'Longest period you may set; null when fixed.' }) maxPeriod: RetentionPeriodDto | null;
  @ApiProperty({ description: 'Whether the privacy officer may change the period.' }) configurable: boolean;
  @ApiProperty({ description: 'False while your municipality uses the default.' }) overridden: boolean;
  @ApiProperty({ type: String, nullable: true, enum: RETENTION_CATEGORIES, description: 'The category this one goes with.' }) follows: RetentionCategory | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
}

export class RetentionScheduleDto {
  @ApiProperty({ minimum: 1, description: 'The schedule version, also its ETag: send it as If-Match to change a period.' }) version: number;
  @ApiProperty({ type: [RetentionCategoryDto] }) items: RetentionCategoryDto[];
}

export class RetentionRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Shared by the categories of one run.' }) runId: string;
  @ApiProperty({ enum: RETENTION_CATEGORIES }) category: RetentionCategory;
  @ApiProperty({ enum: RUN_MODES }) mode: RunMode;
  @ApiProperty({ enum: RUN_TRIGGERS, description: '`schedule`: the daily job; `cli`: `npm run retention`.' }) trigger: RunTrigger;
  @ApiProperty({ description: 'The rule applied, in words, with its cut-off.' }) rule: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Records whose period started on or before this had expired.' }) cutoff: string | null;
  @ApiProperty({ minimum: 0, description: 'Records past their period.' }) eligible: number;
  @ApiProperty({ minimum: 0, description: 'Of those, kept by a legal hold (case files also: named by an AVG request that is open or within the privacy_requests period).' }) held: number;
  @ApiProperty({ minimum: 0, description: 'Of those, kept for another reason (audit months that concern kept cases).' }) kept: number;
  @ApiProperty({ minimum: 0, description: 'Deleted or retired (apply only).' }) removed: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) oldestStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) newestStart: string | null;
  @ApiProperty({ enum: RUN_STATUSES, description: '`running` long after it started: the run was interrupted (the next one resumes it).' }) status: RunStatus;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0 }) durationMs: number | null;
}
