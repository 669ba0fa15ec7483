import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { staleVersion } from '../common/etag.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { DEFAULT_LIFE_DOMAINS } from './default-life-domains.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import type { LifeDomainEntity } from './entities/life-domain.entity.js';
import type { LifeDomainDto, ReplaceLifeDomainsDto } from './life-domain.dto.js';
import { TenantErrors } from './tenants.errors.js';
import { TenantsRepository } from './tenants.repository.js';

@Injectable()
export class TenantsService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly tx: TransactionHost,
    private readonly context: RequestContext,
    private readonly clock: Clock,
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
        if (sameName) {
          throw TenantErrors.create('TENANT_NAME_TAKEN', {
            nl: `Gemeente "${sameName.name}" bestaat al (id ${sameName.id}, slug ${sameName.slug}): kies een andere naam.`,
            en: `Municipality "${sameName.name}" already exists (id ${sameName.id}, slug ${sameName.slug}): choose another name.`,
          });
        }
        const sameSlug = await this.tenants.findBySlug(slug);
        if (sameSlug) {
          throw TenantErrors.create('TENANT_SLUG_TAKEN', {
            nl: `De slug "${slug}" is in gebruik bij gemeente ${sameSlug.id}: kies een andere met --slug.`,
            en: `The slug "${slug}" is taken by municipality ${sameSlug.id}: choose another with --slug.`,
          });
        }
        const tenant = await this.tenants.insertTenant(name, slug);
        await this.tenants.insertLifeDomains(DEFAULT_LIFE_DOMAINS.map((d, position) => ({ ...d, tenantId: tenant.id, position })));
        return tenant;
      }),
    );
  }

  async listLifeDomains(): Promise<LifeDomainDto[]> {
    return (await this.lifeDomainList()).domains;
  }

  /** The list with its version (for the ETag). */
  async lifeDomainList(): Promise<{ version: number; domains: LifeDomainDto[] }> {
    const tenantId = this.context.actor.tenantId;
    const rows = await this.tenants.findLifeDomains(tenantId);
    return { version: await this.tenants.lifeDomainsVersion(tenantId), domains: rows.map((d) => ({ code: d.code, labelNl: d.labelNl, labelEn: d.labelEn, active: d.active })) };
  }

  /**
   * An admin replaces the list (version checked against If-Match). Codes are never deleted — goals and scores
   * refer to them — so existing goals keep their domain; left-out domains become inactive for new choices.
   */
  async replaceLifeDomains(expectedVersion: number, input: ReplaceLifeDomainsDto): Promise<{ version: number; domains: LifeDomainDto[] }> {
    const { tenantId, professionalId } = this.context.actor;
    return this.tx.run(async () => {
      await this.tenants.lockLifeDomains(tenantId);
      const current = await this.tenants.lifeDomainsVersion(tenantId);
      if (current !== expectedVersion) staleVersion('life-domain list', current, expectedVersion);
      const domains = input.domains.map((d) => ({ code: d.code, labelNl: d.labelNl.trim(), labelEn: d.labelEn.trim(), active: d.active ?? true }));
      // a list that changes nothing writes nothing: no version, no revision (as for every versioned resource)
      if (sameLifeDomains(await this.tenants.findLifeDomains(tenantId), domains)) return this.lifeDomainList();
      await this.tenants.replaceLifeDomains(tenantId, domains);
      await this.tenants.insertLifeDomainRevision({ tenantId, version: current + 1, domains, changedById: professionalId, changedAt: this.clock.now() });
      return this.lifeDomainList();
    });
  }
}

type LifeDomainValues = Pick<LifeDomainEntity, 'code' | 'labelNl' | 'labelEn' | 'active'>;

/**
 * Would replacing `current` (in its order) by `requested` leave the list as it is? The listed domains in their order,
 * then every domain left out — inactive, in its order — as `TenantsRepository.replaceLifeDomains` arranges them.
 */
export function sameLifeDomains(current: readonly LifeDomainValues[], requested: readonly LifeDomainValues[]): boolean {
  const listed = new Set(requested.map((d) => d.code));
  const after = [...requested, ...current.filter((d) => !listed.has(d.code)).map((d) => ({ ...d, active: false }))];
  return (
    after.length === current.length &&
    after.every((d, i) => {
      const now = current[i]!;
      return d.code === now.code && d.labelNl === now.labelNl && d.labelEn === now.labelEn && d.active === now.active;
    })
  );
}
