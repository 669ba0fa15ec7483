import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { says, IsOptional } from '../../../common/validators.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class OutcomesQueryDto {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month (yyyy-mm); default 11 months before `to`.' })
  @IsOptional()
  @Matches(MONTH, says({ nl: 'from moet een maand zijn in de vorm jjjj-mm', en: 'from must be a month written as yyyy-mm' }))
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month (yyyy-mm), at most the current month; default the current month.' })
  @IsOptional()
  @Matches(MONTH, says({ nl: 'to moet een maand zijn in de vorm jjjj-mm', en: 'to must be a month written as yyyy-mm' }))
  to?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Only this district (case-insensitive); suppression is the same as in the full report.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;
}

export class CountCellDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Null when suppressed (and, for stalled counts only, when not measured: see `stalledAtMonthEnd`).' }) value: number | null;
  @ApiProperty({ description: 'True for counts of 1–4 and for the cells hidden with them so they cannot be derived.' }) suppressed: boolean;
}

export class FigureCellDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Null when suppressed or when there is nothing to measure.' }) value: number | null;
  @ApiProperty({ description: 'Hidden because the count it rests on is hidden.' }) suppressed: boolean;
}

export class StatusCountsDto {
  @ApiProperty({ type: CountCellDto, description: 'Registered, no coordinator yet in this episode.' }) registered: CountCellDto;
  @ApiProperty({ type: CountCellDto, description: 'Intake, active or aftercare (a coordinator was assigned in this episode).' }) inCare: CountCellDto;
  @ApiProperty({ type: CountCellDto }) closed: CountCellDto;
}

export class DomainProgressDto {
  @ApiProperty() domainCode: string;
  @ApiProperty({ type: CountCellDto, description: 'Households with at least two household-level scores in this domain.' }) households: CountCellDto;
  @ApiProperty({ type: FigureCellDto, description: 'Average of latest minus first score (−4…4; higher is better).' }) averageChange: FigureCellDto;
}

export class MonthOutcomeDto {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ type: StatusCountsDto, description: 'Households by status at the end of the month.' }) statusAtMonthEnd: StatusCountsDto;
  @ApiProperty({ type: CountCellDto, description: 'Households registered for the first time this month.' }) registeredInMonth: CountCellDto;
  @ApiProperty({ type: CountCellDto, description: 'Cases (episodes) closed this month.' }) closedInMonth: CountCellDto;
  @ApiProperty({ type: CountCellDto, description: 'Recurrence: reopened this month within 12 months of being closed.' }) reopenedWithin12Months: CountCellDto;
  @ApiProperty({ type: FigureCellDto, description: 'Median calendar days the cases closed this month were open.' }) medianDaysOpen: FigureCellDto;
  @ApiProperty({
    type: CountCellDto,
    description:
      'Households with at least one stall rule firing at month end. Null and not suppressed: not measured — the month ended before the ' +
      "municipality's first stall evaluation (`stalledMeasuredFrom`), so there is no history to count from.",
  })
  stalledAtMonthEnd: CountCellDto;
  @ApiProperty({ type: [DomainProgressDto] }) assessmentProgress: DomainProgressDto[];
}

export class DistrictOutcomeDto {
  @ApiProperty() district: string;
  @ApiProperty({ type: [MonthOutcomeDto] }) months: MonthOutcomeDto[];
}

export class OutcomesDto {
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({ type: String, nullable: true }) district: string | null;
  @ApiProperty({ description: 'Counts below this (and above 0) are never shown.' }) minimumGroupSize: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: "The municipality's first stall evaluation, where the stall history begins; null before any. Stalled counts of months that ended earlier are not measured.",
  })
  stalledMeasuredFrom: string | null;
  @ApiProperty({ type: [MonthOutcomeDto], description: 'The municipality (or the chosen district) per month.' }) months: MonthOutcomeDto[];
  @ApiProperty({ type: [DistrictOutcomeDto], description: 'Per district (or only the chosen one).' }) districts: DistrictOutcomeDto[];
}
