import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DEFAULT_LIFE_DOMAINS } from './default-life-domains.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import type { LifeDomainDto } from './life-domain.dto.js';
import { TenantsRepository } from './tenants.repository.js';

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tx: TransactionHost,
    private readonly context: RequestContext,
  ) {}

  /** A new municipality with the default life-domain list (operator task: CLI, demo seed, tests). */
  createTenant(name: string, slug: string): Promise<TenantEntity> {
    // provisioning is above any one tenant: system work
    return this.tx.runAsSystem(() =>
      this.tx.run(async () => {
        const tenant = await this.tenants.insertTenant(name, slug);
        await this.tenants.insertLifeDomains(DEFAULT_LIFE_DOMAINS.map((d, position) => ({ ...d, tenantId: tenant.id, position })));
        return tenant;
      }),
    );
  }

  async listLifeDomains(): Promise<LifeDomainDto[]> {
    const rows = await this.tenants.findLifeDomains(this.context.actor.tenantId);
    return rows.map((d) => ({ code: d.code, labelNl: d.labelNl, labelEn: d.labelEn, active: d.active }));
  }
}
