import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsNotBlank, IsOptional, IsUniqueBy, IsUuid } from '../../common/validators.js';
import { ProfessionalDto } from '../../professionals/dto/professional.dto.js';
import { ROLES, type Role } from '../../common/roles.js';

export class StaffingHandoverDto {
  @ApiProperty({ format: 'uuid', description: 'A household the professional coordinates now.' })
  @IsUuid()
  householdId: string;

  @ApiProperty({ format: 'uuid', description: 'The active coordinator who takes it over.' })
  @IsUuid()
  professionalId: string;
}

/** Fields shared by every change that may end someone's coordination. */
class HandoverFieldsDto {
  @ApiPropertyOptional({
    type: [StaffingHandoverDto],
    maxItems: 500,
    description: 'Hand-overs done in the same transaction: required for every household the professional coordinates when the change ends their coordination.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUniqueBy('householdId')
  @ValidateNested({ each: true })
  @Type(() => StaffingHandoverDto)
  handovers?: StaffingHandoverDto[];
}

export class DeactivateProfessionalDto extends HandoverFieldsDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Leave the households not named in handovers explicitly vacant (reason: deactivated) instead of refusing; supervisors and the intake team are told.',
  })
  @IsOptional()
  @IsBoolean()
  leaveVacant?: boolean;

  @ApiProperty({ maxLength: 1000, example: 'Uit dienst per 1 januari', description: 'Why; also the reason given to each hand-over.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class UpdateProfessionalDto extends HandoverFieldsDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true, minItems: 1 })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation the professional works for from now on.' })
  @IsOptional()
  @IsUuid()
  organisationId?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Why; required with hand-overs (their reason).' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason?: string;
}

export class StaffingChangeDto {
  @ApiProperty({ type: ProfessionalDto }) professional: ProfessionalDto;
  @ApiProperty({ type: [StaffingHandoverDto], description: 'The hand-overs done with the change.' }) handedOver: StaffingHandoverDto[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Households left vacant (reason: deactivated) with leaveVacant.' }) vacated: string[];
  /** For the audit trail: the households the change concerned. */
  @ApiProperty({ type: [String], format: 'uuid' }) householdIds: string[];
}
