import type { StallRuleSettingEntity } from '../entities/stall-rule-setting.entity.js';
import { STALL_RULE_DEFINITIONS, type StallRule } from '../stall-rules.js';
import type { StallRuleDto } from './dto/stall-rule.dto.js';

export function mapRule(rule: StallRule, override: StallRuleSettingEntity | undefined): StallRuleDto {
  const definition = STALL_RULE_DEFINITIONS[rule];
  return {
    rule,
    description: definition.description,
    thresholdDays: override?.thresholdDays ?? definition.defaultThresholdDays,
    enabled: override?.enabled ?? true,
    defaultThresholdDays: definition.defaultThresholdDays,
    overridden: override !== undefined,
    updatedById: override?.updatedById ?? null,
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}
