import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { ROLES, type Role } from '../../common/roles.js';
import { AUTH_SUBJECT } from '../auth-subject.js';
import { IsMailAddress, IsNotBlank, IsOptional, IsUuid, says } from '../../common/validators.js';

export class CreateProfessionalDto {
  @ApiProperty({ format: 'uuid', description: 'Organisation the professional works for.' })
  @IsUuid()
  organisationId: string;

  @ApiProperty({ maxLength: 200, example: 'Fatima el Amrani' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ maxLength: 254, example: 'f.elamrani@wijkteam.example.nl' })
  @IsMailAddress()
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: ROLES, isArray: true, minItems: 1 })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    maxLength: 255,
    description: "The `sub` of this person's tokens at your identity provider (printable ASCII without spaces, as OpenID Connect's identifiers are). Defaults to the new id.",
  })
  @IsOptional()
  @IsString()
  @Matches(AUTH_SUBJECT, says({ nl: 'authSubject mag alleen zichtbare ASCII-tekens bevatten, zonder spaties', en: 'authSubject must be printable ASCII characters without spaces' }))
  @MaxLength(255)
  authSubject?: string;
}

export class ListProfessionalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  organisationId?: string;
}

export class ProfessionalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiPropertyOptional({
    description: "The `sub` of this person's tokens at the identity provider. Admin-only: present in answers to admins, and to the professional about themselves; absent for everyone else.",
  })
  authSubject?: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
