import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { StallRuleSettingEntity } from '../entities/stall-rule-setting.entity.js';
import type { StallRule } from '../stall-rules.js';

@Injectable()
export class StallRulesRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(StallRuleSettingEntity);
  }

  overrides(tenantId: string): Promise<StallRuleSettingEntity[]> {
    return this.repo.findBy({ tenantId });
  }

  async upsert(values: Pick<StallRuleSettingEntity, 'tenantId' | 'rule' | 'thresholdDays' | 'enabled' | 'updatedById' | 'updatedAt'>): Promise<void> {
    await this.repo.upsert(values, ['tenantId', 'rule']);
  }

  find(tenantId: string, rule: StallRule): Promise<StallRuleSettingEntity | null> {
    return this.repo.findOneBy({ tenantId, rule });
  }
}
