import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { TransactionHost } from '../../database/transaction-host.js';
import { EscalationEntity } from './entities/escalation.entity.js';

export interface EscalationRow {
  escalation: EscalationEntity;
  openedByName: string;
  resolvedByName: string | null;
}

@Injectable()
export class EscalationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get escalations() {
    return this.tx.manager.getRepository(EscalationEntity);
  }

  insert(values: Pick<EscalationEntity, 'tenantId' | 'householdId' | 'reason' | 'openedById' | 'openedAt' | 'domainCodes' | 'memberIds'>): Promise<EscalationEntity> {
    return this.escalations.save(this.escalations.create({ ...values, resolvedAt: null, resolvedById: null, outcome: null }));
  }

  findOpen(householdId: string): Promise<EscalationEntity | null> {
    return this.escalations.createQueryBuilder('e').where('e.household_id = :householdId AND e.resolved_at IS NULL', { householdId }).getOne();
  }

  findInTenant(tenantId: string, escalationId: string): Promise<EscalationEntity | null> {
    return this.escalations.findOneBy({ tenantId, id: escalationId });
  }

  /** Resolves only an open escalation; false when it was resolved already (also by a concurrent request). */
  async resolve(escalationId: string, resolvedAt: Date, resolvedById: string, outcome: string): Promise<boolean> {
    const result = await this.escalations
      .createQueryBuilder()
      .update()
      .set({ resolvedAt, resolvedById, outcome })
      .where('id = :escalationId AND resolved_at IS NULL', { escalationId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async findWithNames(tenantId: string, escalationId: string): Promise<EscalationRow | undefined> {
    const [row] = await this.load(this.withNames().where('e.tenant_id = :tenantId AND e.id = :escalationId', { tenantId, escalationId }));
    return row;
  }

  /** Newest first; keyset on (opened_at, id). */
  listPage(tenantId: string, householdId: string, status: 'open' | 'resolved' | undefined, limit: number, before?: [string, string]): Promise<EscalationRow[]> {
    const qb = this.withNames().where('e.tenant_id = :tenantId AND e.household_id = :householdId', { tenantId, householdId });
    if (status === 'open') qb.andWhere('e.resolved_at IS NULL');
    if (status === 'resolved') qb.andWhere('e.resolved_at IS NOT NULL');
    if (before) qb.andWhere('(e.opened_at, e.id) < (:beforeAt, :beforeId)', { beforeAt: before[0], beforeId: before[1] });
    return this.load(qb.orderBy('e.opened_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit + 1));
  }

  /** The one-open-escalation index refused a second open escalation. */
  isOpenConflict(error: unknown): boolean {
    if (!(error instanceof QueryFailedError)) return false;
    const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
    return driver?.code === '23505' && driver.constraint === 'uq_escalation_open';
  }

  private withNames() {
    return this.escalations
      .createQueryBuilder('e')
      .innerJoin('professional', 'o', 'o.id = e.opened_by_id')
      .leftJoin('professional', 'r', 'r.id = e.resolved_by_id')
      .addSelect('o.name', 'opened_by_name')
      .addSelect('r.name', 'resolved_by_name');
  }

  private async load(qb: ReturnType<EscalationsRepository['withNames']>): Promise<EscalationRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ opened_by_name: string; resolved_by_name: string | null }>();
    return entities.map((escalation, i) => ({ escalation, openedByName: raw[i]!.opened_by_name, resolvedByName: raw[i]!.resolved_by_name }));
  }
}
