import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, MaxLength } from 'class-validator';
import { IsNotBlank, IsOptional, IsUuid } from '../../../common/validators.js';
import { CoordinatorRefDto } from '../../stalled/dto/stalled.dto.js';

export const MAX_HANDOVER_HOUSEHOLDS = 2000;

export class CaseloadDto {
  @ApiProperty({ type: CoordinatorRefDto }) coordinator: CoordinatorRefDto;
  @ApiProperty({ description: 'False when the professional is inactive or no longer has the coordinator role but still holds cases (hand them over).' })
  canCoordinate: boolean;
  @ApiProperty({ description: 'Open households this professional coordinates now.' }) activeHouseholds: number;
  @ApiProperty({ description: 'Open or in-progress actions past their due date in those households.' }) overdueActions: number;
  @ApiProperty({ description: 'Of those households, how many are in the review queue (stalled, not snoozed).' }) stalledCases: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Latest plan change or contact moment in those households.' })
  lastActivityAt: string | null;
}

export class HandoverDto {
  @ApiProperty({ format: 'uuid', description: 'The coordinator who takes the households over.' })
  @IsUuid()
  toCoordinatorId: string;

  @ApiProperty({ maxLength: 1000, description: 'Why, recorded on every ended and started assignment.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_HANDOVER_HOUSEHOLDS,
    description: 'Only these households (each must be coordinated by this coordinator now); default: every active household.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HANDOVER_HOUSEHOLDS)
  @ArrayUnique()
  @IsUuid({ each: true })
  householdIds?: string[];
}

export class HandoverResultDto {
  @ApiProperty({ format: 'uuid', description: 'Id of this hand-over (aggregate of the caseload.handed_over event).' }) handoverId: string;
  @ApiProperty({ format: 'uuid' }) fromCoordinatorId: string;
  @ApiProperty({ format: 'uuid' }) toCoordinatorId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) householdIds: string[];
  @ApiProperty() count: number;
  @ApiProperty({ format: 'date-time' }) handedOverAt: string;
}
