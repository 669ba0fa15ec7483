import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../../common/validators.js';

export class PlaceLegalHoldDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the case must be kept (a court case, complaint, inspection); ids or case numbers, no personal data.', example: 'Bezwaarprocedure 2026-117' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class LiftLegalHoldDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the hold is no longer needed.', example: 'Procedure afgerond' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class LegalHoldDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) householdId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'Not lifted: while any hold of the household is active, nothing of its case is purged.' }) active: boolean;
  @ApiProperty({ format: 'uuid' }) placedById: string;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) liftedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) liftedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) liftReason: string | null;
}
