import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../casework-validators.js';
import { MemberRefDto, ProfessionalRefDto } from '../../dto/casework-refs.dto.js';
import { IsNotBlank, IsOptional, IsUuid } from '../../../common/validators.js';
import { CONTACT_KINDS, type ContactKind } from '../contact-kind.js';

export class CreateContactDto {
  @ApiProperty({ enum: CONTACT_KINDS })
  @IsIn(CONTACT_KINDS)
  kind: ContactKind;

  @ApiProperty({ format: 'date-time', example: '2026-03-01T14:30:00+01:00', description: 'When it took place, with time zone; not in the future.' })
  @IsInstant()
  occurredAt: string;

  @ApiProperty({ maxLength: 2000, description: 'Short note: what was discussed or agreed.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  note: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 20, description: 'Members present; active members of this household.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUuid({ each: true })
  memberIds?: string[];
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty({ enum: CONTACT_KINDS }) kind: ContactKind;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() note: string;
  @ApiProperty({ type: [MemberRefDto], description: 'Members present.' }) members: MemberRefDto[];
  @ApiProperty({ type: ProfessionalRefDto }) recordedBy: ProfessionalRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
