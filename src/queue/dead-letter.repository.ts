import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { DeadLetterEntity } from './entities/dead-letter.entity.js';

@Injectable()
export class DeadLetterRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(DeadLetterEntity);
  }

  async insert(values: Omit<DeadLetterEntity, 'id' | 'retriedAt'>): Promise<void> {
    await this.repo.insert({ ...values, retriedAt: null });
  }

  /**
   * Open (not yet retried) dead letters of one tenant, newest first. Tenant-less ones (fan-out, e-mail,
   * housekeeping: shared by every municipality) belong to the platform operators' dashboard, never to a tenant.
   */
  listOpenPage(tenantId: string, limit: number, after?: [string, string]): Promise<DeadLetterEntity[]> {
    const qb = this.repo.createQueryBuilder('d').where('d.retried_at IS NULL AND d.tenant_id = :tenantId', { tenantId });
    if (after) qb.andWhere('(d.failed_at, d.id) < (:afterFailed, :afterId)', { afterFailed: after[0], afterId: after[1] });
    return qb.orderBy('d.failed_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit + 1).getMany();
  }

  findOpen(tenantId: string, id: string): Promise<DeadLetterEntity | null> {
    return this.repo.createQueryBuilder('d').where('d.id = :id AND d.retried_at IS NULL AND d.tenant_id = :tenantId', { id, tenantId }).getOne();
  }

  /** Marks an open letter retried; false when another request did so first. */
  async markRetried(id: string, at: Date): Promise<boolean> {
    const result = await this.repo.createQueryBuilder().update().set({ retriedAt: at }).where('id = :id AND retried_at IS NULL', { id }).execute();
    return (result.affected ?? 0) > 0;
  }
}
