import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { LifeDomainEntity } from './entities/life-domain.entity.js';
import { LifeDomainRevisionEntity } from './entities/life-domain-revision.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

export interface TenantSummaryRow {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  organisations: number;
  professionals: number;
  households: number;
}

@Injectable()
export class TenantsRepository {
  constructor(private readonly tx: TransactionHost) {}

  insertTenant(name: string, slug: string): Promise<TenantEntity> {
    const repo = this.tx.manager.getRepository(TenantEntity);
    return repo.save(repo.create({ name, slug }));
  }

  async insertLifeDomains(domains: Array<Omit<LifeDomainEntity, 'active'>>): Promise<void> {
    await this.tx.manager.getRepository(LifeDomainEntity).insert(domains.map((d) => ({ ...d, active: true })));
  }

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.tx.manager.getRepository(TenantEntity).findOneBy({ slug });
  }

  findLifeDomains(tenantId: string): Promise<LifeDomainEntity[]> {
    return this.tx.manager.getRepository(LifeDomainEntity).find({ where: { tenantId }, order: { position: 'ASC' } });
  }

  async isActiveLifeDomain(tenantId: string, code: string): Promise<boolean> {
    return this.tx.manager.getRepository(LifeDomainEntity).existsBy({ tenantId, code, active: true });
  }

  /** Case-insensitive, like the unique index `uq_tenant_name_lower`. */
  findByNameIgnoringCase(name: string): Promise<TenantEntity | null> {
    return this.tx.manager.getRepository(TenantEntity).createQueryBuilder('t').where('lower(t.name) = lower(:name)', { name }).getOne();
  }

  /** Every municipality with how much it holds: counts only, nothing about any person. Needs system work. */
  listWithCounts(): Promise<TenantSummaryRow[]> {
    return this.tx.manager.query(
      `SELECT t.id, t.name, t.slug, t.created_at AS "createdAt",
              (SELECT count(*) FROM organisation o WHERE o.tenant_id = t.id)::int AS organisations,
              (SELECT count(*) FROM professional p WHERE p.tenant_id = t.id AND p.kind = 'person' AND p.active)::int AS professionals,
              (SELECT count(*) FROM household h WHERE h.tenant_id = t.id)::int AS households
         FROM tenant t ORDER BY t.created_at, t.id`,
    );
  }

  /** Serialises edits of one tenant's list (transaction-scoped). */
  async lockLifeDomains(tenantId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('eenplan:life-domains:' || $1, 0))`, [tenantId]);
  }

  /** The list's version: 1 as created, + 1 per edit. */
  async lifeDomainsVersion(tenantId: string): Promise<number> {
    const [row] = await this.tx.manager.query<Array<{ v: number | null }>>('SELECT max(version)::int AS v FROM life_domain_revision WHERE tenant_id = $1', [tenantId]);
    return row?.v ?? 1;
  }

  /** Upserts the listed domains in order; domains not listed stay (goals and scores keep them) but become inactive. */
  async replaceLifeDomains(tenantId: string, domains: Array<{ code: string; labelNl: string; labelEn: string; active: boolean }>): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO life_domain (tenant_id, code, label_nl, label_en, position, active)
       SELECT $1, d.code, d.label_nl, d.label_en, d.position, d.active
         FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::bool[]) AS d(code, label_nl, label_en, position, active)
       ON CONFLICT (tenant_id, code) DO UPDATE SET label_nl = EXCLUDED.label_nl, label_en = EXCLUDED.label_en, position = EXCLUDED.position, active = EXCLUDED.active`,
      [tenantId, domains.map((d) => d.code), domains.map((d) => d.labelNl), domains.map((d) => d.labelEn), domains.map((_, i) => i), domains.map((d) => d.active)],
    );
    await this.tx.manager.query(
      `UPDATE life_domain SET active = false, position = $3 + position WHERE tenant_id = $1 AND NOT (code = ANY($2::varchar[]))`,
      [tenantId, domains.map((d) => d.code), domains.length],
    );
  }

  async insertLifeDomainRevision(values: Omit<LifeDomainRevisionEntity, never>): Promise<void> {
    await this.tx.manager.getRepository(LifeDomainRevisionEntity).insert(values);
  }

  countTenants(): Promise<number> {
    return this.tx.manager.getRepository(TenantEntity).count();
  }
}
