import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsNotBlank, IsUuid } from '../../common/validators.js';

export class AssignCoordinatorDto {
  @ApiProperty({ format: 'uuid', description: 'The professional (role coordinator) who becomes the regisseur.' })
  @IsUuid()
  professionalId: string;

  @ApiProperty({ maxLength: 1000, description: 'Why: first assignment, or the reason for the hand-over.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  reason: string;
}

export class CoordinatorAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) professionalId: string;
  @ApiProperty() professionalName: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
  @ApiProperty({ format: 'uuid' }) assignedById: string;
}
