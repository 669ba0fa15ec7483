import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CareTeamScopeDto, CareTeamScopeViewDto } from '../../consents/dto/scope.dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { IsDateOnly, IsNotBlank, IsOptional, IsUuid } from '../../common/validators.js';
import { LEGAL_BASES, type LegalBasis } from '../../common/legal-basis.js';

export class CreateCareTeamLinkDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  organisationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Omit to link the whole organisation.' })
  @IsOptional()
  @IsUuid()
  professionalId?: string;

  @ApiProperty({ maxLength: 100, example: 'schuldhulpverlening' })
  @IsString()
  @IsNotBlank()
  @MaxLength(100)
  role: string;

  @ApiProperty({ enum: LEGAL_BASES, description: 'The legal basis this involvement rests on.' })
  @IsIn(LEGAL_BASES)
  basis: LegalBasis;

  @ApiPropertyOptional({ format: 'uuid', description: 'The recorded consent (POST …/consents) of this organisation for this household that the link rests on; withdrawing it ends the link.' })
  @IsOptional()
  @IsUuid()
  consentId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today.' })
  @IsOptional()
  @IsDateOnly()
  startsOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'The last day of the link: today or later (a period already over gives no access).' })
  @IsOptional()
  @IsDateOnly()
  endsOn?: string;

  @ApiPropertyOptional({ type: CareTeamScopeDto, description: 'What the link covers (purpose limitation). Omit: everything the basis allows.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CareTeamScopeDto)
  scope?: CareTeamScopeDto;
}

export class ListCareTeamQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Include ended links (history).', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeEnded?: boolean;
}

export class EndCareTeamLinkQueryDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Why the involvement ends.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CareTeamLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) professionalId: string | null;
  @ApiProperty({ nullable: true, type: String }) professionalName: string | null;
  @ApiProperty() role: string;
  @ApiProperty({ enum: LEGAL_BASES }) basis: LegalBasis;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) consentId: string | null;
  @ApiProperty({ type: CareTeamScopeViewDto, description: 'What the link itself covers; the consent it rests on may narrow it further.' }) scope: CareTeamScopeViewDto;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endsOn: string | null;
  @ApiProperty({ description: 'Active today: not ended and within its period.' }) active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the link ended. A case note of the whole household: null for a reader whose scope does not open contact notes of every member and every life domain.' }) endReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
