import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { SupervisionErrors } from '../supervision.errors.js';
import { isStallRule, STALL_RULE_DEFINITIONS, STALL_RULES, type RuleSetting, type StallRule } from '../stall-rules.js';
import type { StallRuleDto, StallRuleListDto, UpdateStallRuleDto } from './dto/stall-rule.dto.js';
import { mapRule } from './stall-rules.mapper.js';
import { StallRulesRepository } from './stall-rules.repository.js';

/** Per-tenant thresholds: defaults live in code, a row per override. */
@Injectable()
export class StallRulesService {
  constructor(
    private readonly settings: StallRulesRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<StallRuleListDto> {
    const overrides = new Map((await this.settings.overrides(this.context.actor.tenantId)).map((o) => [o.rule, o]));
    return { items: STALL_RULES.map((rule) => mapRule(rule, overrides.get(rule))) };
  }

  async update(rule: string, input: UpdateStallRuleDto): Promise<StallRuleDto> {
    const code = requireRule(rule);
    const actor = this.context.actor;
    return this.tx.run(async () => {
      await this.settings.upsert({
        tenantId: actor.tenantId,
        rule: code,
        thresholdDays: input.thresholdDays,
        enabled: input.enabled,
        updatedById: actor.professionalId,
        updatedAt: this.clock.now(),
      });
      return mapRule(code, (await this.settings.find(actor.tenantId, code)) ?? undefined);
    });
  }

  /** The effective settings of a tenant, for the evaluation. */
  async effective(tenantId: string): Promise<RuleSetting[]> {
    const overrides = new Map((await this.settings.overrides(tenantId)).map((o) => [o.rule, o]));
    return STALL_RULES.map((rule) => {
      const o = overrides.get(rule);
      return { rule, thresholdDays: o?.thresholdDays ?? STALL_RULE_DEFINITIONS[rule].defaultThresholdDays, enabled: o?.enabled ?? true };
    });
  }
}

export function requireRule(rule: string): StallRule {
  if (isStallRule(rule)) return rule;
  throw SupervisionErrors.create('RULE_NOT_FOUND', {
    nl: `Er is geen stilstandregel "${rule.slice(0, 40)}". De regels zijn: ${STALL_RULES.join(', ')}.`,
    en: `There is no stall rule "${rule.slice(0, 40)}". The rules are: ${STALL_RULES.join(', ')}.`,
  });
}
