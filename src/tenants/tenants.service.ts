import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DEFAULT_LIFE_DOMAINS } from './default-life-domains.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import type { LifeDomainDto } from './life-domain.dto.js';
import { TenantErrors } from './tenants.errors.js';
import { TenantsRepository } from './tenants.repository.js';

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tx: TransactionHost,
    private readonly context: RequestContext,
  ) {}

  /**
   * A new municipality with the default life-domain list (operator task: CLI, demo seed, tests). Names are
   * unique whatever their case, slugs unique: a clear 409 here, the unique indexes when two runs race.
   */
  createTenant(name: string, slug: string): Promise<TenantEntity> {
    // provisioning is above any one tenant: system work
    return this.tx.runAsSystem(() =>
      this.tx.run(async () => {
        const sameName = await this.tenants.findByNameIgnoringCase(name);
        if (sameName) throw TenantErrors.create('TENANT_NAME_TAKEN', `Municipality "${sameName.name}" already exists (id ${sameName.id}, slug ${sameName.slug}): choose another name.`);
        const sameSlug = await this.tenants.findBySlug(slug);
        if (sameSlug) throw TenantErrors.create('TENANT_SLUG_TAKEN', `The slug "${slug}" is taken by municipality ${sameSlug.id}: choose another with --slug.`);
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
