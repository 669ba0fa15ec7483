import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsBirthDate, IsBsn, IsNotBlank, IsOptional } from '../../common/validators.js';
import { MEMBER_ROLES, type MemberRole } from '../household-status.js';

export class CreateMemberDto {
  @ApiProperty({ maxLength: 100, example: 'Samira' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  givenName: string;

  @ApiProperty({ maxLength: 100, example: 'de Vries' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  familyName: string;

  @ApiProperty({ format: 'date', example: '2012-04-30' })
  @IsBirthDate()
  dateOfBirth: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;

  @ApiPropertyOptional({ description: 'Burgerservicenummer. Stored encrypted; never returned.', example: '111222333' })
  @IsOptional()
  @IsBsn()
  bsn?: string;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsBirthDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: MEMBER_ROLES })
  @IsOptional()
  @IsIn(MEMBER_ROLES)
  role?: MemberRole;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Set, replace, or null to remove the BSN.' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsBsn()
  bsn?: string | null;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role: MemberRole;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether a BSN is on record (the number itself is never returned); null when your care-team link does not cover BSNs (purpose limitation).' }) hasBsn: boolean | null;
}
