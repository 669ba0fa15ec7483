import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { RetentionRunEntity } from './entities/retention-run.entity.js';
import { RetentionScheduleEntity } from './entities/retention-schedule.entity.js';
import { RetentionSettingEntity } from './entities/retention-setting.entity.js';
import type { RetentionCategory } from './retention-schedule.js';

/** A municipality's schedule version and overrides, and its recorded retention runs. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly tx: TransactionHost) {}

  overrides(tenantId: string): Promise<RetentionSettingEntity[]> {
    return this.tx.manager.getRepository(RetentionSettingEntity).findBy({ tenantId });
  }

  /** The schedule's version (1 while the municipality uses the defaults and never changed anything). */
  async version(tenantId: string): Promise<number> {
    return (await this.tx.manager.getRepository(RetentionScheduleEntity).findOneBy({ tenantId }))?.version ?? 1;
  }

  /** Serialises changes to one municipality's schedule (a change is checked against the other categories). */
  async lockSchedule(tenantId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('retention_schedule'), hashtext($1))`, [tenantId]);
  }

  /** Moves the version from `expected` to the next; false when it is no longer `expected` (someone changed it since). */
  async bumpVersion(tenantId: string, expected: number): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      expected === 1
        ? `INSERT INTO retention_schedule (tenant_id, version) VALUES ($1, 2) ON CONFLICT (tenant_id) DO NOTHING RETURNING version`
        : `UPDATE retention_schedule SET version = version + 1 WHERE tenant_id = $1 AND version = $2 RETURNING version`,
      expected === 1 ? [tenantId] : [tenantId, expected],
    );
    return rows.length > 0;
  }

  async upsertSetting(values: Pick<RetentionSettingEntity, 'tenantId' | 'category' | 'amount' | 'unit' | 'updatedById' | 'updatedAt'>): Promise<void> {
    await this.tx.manager.getRepository(RetentionSettingEntity).upsert(values, ['tenantId', 'category']);
  }

  findSetting(tenantId: string, category: RetentionCategory): Promise<RetentionSettingEntity | null> {
    return this.tx.manager.getRepository(RetentionSettingEntity).findOneBy({ tenantId, category });
  }

  startRun(values: Omit<RetentionRunEntity, 'id' | 'finishedAt' | 'durationMs' | 'status' | 'eligible' | 'held' | 'kept' | 'removed' | 'oldestStart' | 'newestStart'>): Promise<RetentionRunEntity> {
    const repo = this.tx.manager.getRepository(RetentionRunEntity);
    return repo.save(repo.create({ ...values, status: 'running', eligible: 0, held: 0, kept: 0, removed: 0, oldestStart: null, newestStart: null, finishedAt: null, durationMs: null }));
  }

  async finishRun(id: string, values: Pick<RetentionRunEntity, 'status' | 'eligible' | 'held' | 'kept' | 'removed' | 'oldestStart' | 'newestStart' | 'finishedAt' | 'durationMs'>): Promise<void> {
    await this.tx.manager.getRepository(RetentionRunEntity).update({ id }, values);
  }

  /** A page of the municipality's runs, newest first (keyset on started_at, id). */
  listRuns(tenantId: string, limit: number, after?: [string, string]): Promise<RetentionRunEntity[]> {
    const qb = this.tx.manager
      .getRepository(RetentionRunEntity)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId', { tenantId })
      .orderBy('r.started_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('(r.started_at, r.id) < (:at, :id)', { at: after[0], id: after[1] });
    return qb.getMany();
  }
}
