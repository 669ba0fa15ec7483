import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsOptional } from '../../../common/validators.js';

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread items.', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'plan.updated' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) householdId: string | null;
  @ApiProperty({ description: 'Ids and codes of what happened; fetch details through the API.', type: 'object', additionalProperties: true })
  data: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

export class MarkAllReadDto {
  @ApiProperty() updated: number;
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Also send an e-mail (without case details) for each inbox item.' })
  @IsBoolean()
  emailEnabled: boolean;

  @ApiProperty({ enum: ['nl', 'en'] })
  @IsIn(['nl', 'en'])
  language: 'nl' | 'en';
}
