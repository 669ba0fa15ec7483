import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { LEGAL_BASES, type LegalBasis } from '../../common/legal-basis.js';
import { IsDateOnly, IsNotBlank, IsOptional, IsUuid } from '../../common/validators.js';
import { LifeDomainCodes } from './life-domain-codes.decorator.js';

export class CreateConsentDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation that may be involved on this basis.' })
  @IsUuid()
  organisationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member it concerns; links resting on it open only that member\'s data. Omit for the whole household.' })
  @IsOptional()
  @IsUuid()
  memberId?: string;

  @ApiProperty({ maxLength: 500, example: 'Schuldhulpverlening: inzicht in schulden en betalingsregeling' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  purpose: string;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES)
  basis: LegalBasis;

  @LifeDomainCodes('Life-domain codes (GET /life-domains) the consent covers; links resting on it open no other domain. Omit or null: every domain.')
  domains?: string[] | null;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today.' })
  @IsOptional()
  @IsDateOnly()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  validUntil?: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class ConsentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The member it concerns: links resting on it open only that member\'s data. null: the whole household.' }) memberId: string | null;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String], nullable: true, description: 'Life-domain codes it covers; null: every domain.' }) domains: string[] | null;
  @ApiProperty({ enum: LEGAL_BASES }) basis: LegalBasis;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ description: 'Valid today: within its period and not withdrawn.' }) valid: boolean;
  @ApiProperty({ format: 'uuid' }) recordedById: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was withdrawn. A case note of the whole household: null for a reader whose scope does not open contact notes of every member and every life domain.' }) withdrawalReason: string | null;
}
