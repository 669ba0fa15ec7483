import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { IsNotBlank, IsPostcode, IsOptional, IsUuid } from '../../common/validators.js';
import { HOUSEHOLD_STATUSES, RISK_LEVELS, type HouseholdStatus, type RiskLevel } from '../household-status.js';
import { CreateMemberDto, MemberDto } from './member.dto.js';

export class CreateHouseholdDto {
  @ApiProperty({ example: '3512 AB' })
  @IsPostcode()
  postcode: string;

  @ApiProperty({ minimum: 1, maximum: 99999, example: 12 })
  @IsInt()
  @Min(1)
  @Max(99999)
  houseNumber: number;

  @ApiPropertyOptional({ maxLength: 10, example: 'bis' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  houseNumberSuffix?: string;

  @ApiProperty({ maxLength: 100, example: 'Overvecht' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  district: string;

  @ApiProperty({ maxLength: 2000, description: 'Why the household was registered (aanmeldreden).' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  registrationReason: string;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel: RiskLevel;

  @ApiPropertyOptional({ type: [CreateMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CreateMemberDto)
  members?: CreateMemberDto[];
}

/** Address, district, reason and risk. Status has its own routes; tenant, version and coordinator are never set here. */
export class UpdateHouseholdDto {
  @ApiPropertyOptional({ example: '3512 AB' })
  @IsOptional()
  @IsPostcode()
  postcode?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 99999 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99999)
  houseNumber?: number;

  @ApiPropertyOptional({ type: String, maxLength: 10, nullable: true })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(10)
  houseNumberSuffix?: string | null;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  registrationReason?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: ['intake', 'active', 'aftercare'], description: 'registered→intake→active→aftercare, and aftercare→active.' })
  @IsIn(['intake', 'active', 'aftercare'])
  status: 'intake' | 'active' | 'aftercare';
}

export class CloseHouseholdDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the case is closed (e.g. goals reached, moved away).' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class ReopenHouseholdDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the case is reopened; counts as recurrence.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class ListHouseholdsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: HOUSEHOLD_STATUSES })
  @IsOptional()
  @IsIn(HOUSEHOLD_STATUSES)
  status?: HouseholdStatus;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  district?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Households with this active coordinator.' })
  @IsOptional()
  @IsUuid()
  coordinatorId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Matches postcode, district or a member name (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  text?: string;
}

export class CoordinatorSummaryDto {
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class HouseholdDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() postcode: string;
  @ApiProperty() houseNumber: number;
  @ApiProperty({ nullable: true, type: String }) houseNumberSuffix: string | null;
  @ApiProperty() district: string;
  @ApiProperty({ enum: HOUSEHOLD_STATUSES }) status: HouseholdStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Why the household was registered (aanmeldreden). A case note about the whole household: null for a reader whose care-team link or consent does not open contact notes of every member and every life domain (purpose limitation).',
  })
  registrationReason: string | null;
  @ApiProperty({ enum: RISK_LEVELS, description: 'Shown to every reader of the case: professionals visiting the family need it for their own safety.' }) riskLevel: RiskLevel;
  @ApiProperty({ description: 'Current episode; a reopen starts the next.' }) episode: number;
  @ApiProperty({ description: 'Times reopened after closing (recurrence).' }) reopenCount: number;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) intakeStartedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: CoordinatorSummaryDto, nullable: true }) coordinator: CoordinatorSummaryDto | null;
  @ApiProperty({ type: [MemberDto] }) members: MemberDto[];
  @ApiProperty({ description: 'Also sent as ETag.' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
