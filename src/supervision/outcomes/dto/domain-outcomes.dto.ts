import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { says, IsOptional } from '../../../common/validators.js';
import { CountCellDto } from './outcomes.dto.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class DomainOutcomesQueryDto {
  @ApiPropertyOptional({ example: '2026-01', description: 'First month (yyyy-mm); default 11 months before `to`.' })
  @IsOptional()
  @Matches(MONTH, says({ nl: 'from moet een maand zijn in de vorm jjjj-mm', en: 'from must be a month written as yyyy-mm' }))
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month (yyyy-mm), at most the current month; default the current month.' })
  @IsOptional()
  @Matches(MONTH, says({ nl: 'to moet een maand zijn in de vorm jjjj-mm', en: 'to must be a month written as yyyy-mm' }))
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same figures as ;-separated UTF-8 for Dutch Excel (or send Accept: text/csv).' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class DistrictCountDto {
  @ApiProperty() district: string;
  @ApiProperty({ type: CountCellDto }) count: CountCellDto;
}

export class DomainFigureDto {
  @ApiProperty({ type: CountCellDto, description: 'The municipality.' }) total: CountCellDto;
  @ApiProperty({ type: [DistrictCountDto] }) districts: DistrictCountDto[];
}

export class DomainMonthDto {
  @ApiProperty({ example: '2026-03' }) month: string;
  @ApiProperty({ type: DomainFigureDto, description: 'Households with an open case at some time in the month (registered, waiting for a coordinator, or in care) and a goal in this domain.' }) householdsWithGoals: DomainFigureDto;
  @ApiProperty({ type: DomainFigureDto, description: 'Households with an open case at some time in the month whose latest household-level score in this domain (by month end) is 1 or 2.' })
  lowSelfReliance: DomainFigureDto;
  @ApiProperty({ type: DomainFigureDto, description: 'Households reopened in the month (recurrence) with a goal in this domain.' }) recurrence: DomainFigureDto;
}

export class DomainSeriesDto {
  @ApiProperty({ example: 'finances' }) code: string;
  @ApiProperty() labelNl: string;
  @ApiProperty() labelEn: string;
  @ApiProperty({ type: [DomainMonthDto] }) months: DomainMonthDto[];
}

export class DomainOutcomesDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Counts of 1 up to this size minus one are never shown, nor derivable by subtraction.' }) minimumGroupSize: number;
  @ApiProperty({ type: [String] }) districtNames: string[];
  @ApiProperty({ type: [DomainSeriesDto] }) domains: DomainSeriesDto[];
}
