import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisation-kind.js';
import { IsNotBlank, IsOptional } from '../../common/validators.js';

export class CreateOrganisationDto {
  @ApiProperty({ maxLength: 200, example: 'Stichting Jeugdhulp Midden' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS, description: 'Kind of organisation (own neighbourhood team or a partner).' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiPropertyOptional({ description: 'The intake team receives households and signals without a coordinator.', default: false })
  @IsOptional()
  @IsBoolean()
  isIntakeTeam?: boolean;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() isIntakeTeam: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
