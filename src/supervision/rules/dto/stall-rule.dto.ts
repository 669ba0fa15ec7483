import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { MAX_THRESHOLD_DAYS, STALL_RULES, type StallRule } from '../../stall-rules.js';

export class UpdateStallRuleDto {
  @ApiProperty({ minimum: 0, maximum: MAX_THRESHOLD_DAYS, description: 'The rule fires when its figure exceeds this many days (at N+1, not at N).' })
  @IsInt()
  @Min(0)
  @Max(MAX_THRESHOLD_DAYS)
  thresholdDays: number;

  @ApiProperty({ description: 'A disabled rule is not evaluated; its open findings clear at the next evaluation.' })
  @IsBoolean()
  enabled: boolean;
}

export class StallRuleDto {
  @ApiProperty({ enum: STALL_RULES }) rule: StallRule;
  @ApiProperty({ description: 'What the rule checks; N is the threshold.' }) description: string;
  @ApiProperty({ minimum: 0 }) thresholdDays: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ minimum: 0 }) defaultThresholdDays: number;
  @ApiProperty({ description: 'False while the tenant uses the default.' }) overridden: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) updatedById: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) updatedAt: string | null;
}

export class StallRuleListDto {
  @ApiProperty({ type: [StallRuleDto] }) items: StallRuleDto[];
}
