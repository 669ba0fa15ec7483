import { ApiProperty } from '@nestjs/swagger';

export class DeadLetterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() queue: string;
  @ApiProperty() jobName: string;
  @ApiProperty() jobId: string;
  @ApiProperty({ description: 'The job payload: ids only.', type: 'object', additionalProperties: true }) payload: Record<string, string | number>;
  @ApiProperty() reason: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) failedAt: string;
}
