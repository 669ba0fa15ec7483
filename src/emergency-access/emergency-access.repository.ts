import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { EmergencyAccessPolicyEntity } from './entities/emergency-access-policy.entity.js';
import { EmergencyAccessEntity } from './entities/emergency-access.entity.js';
import type { ReviewOutcome } from './emergency-access.values.js';

/** Emergency access grants and the municipality's grant duration; row-level security holds every query to the caller's tenant. */
@Injectable()
export class EmergencyAccessRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get grants() {
    return this.tx.manager.getRepository(EmergencyAccessEntity);
  }

  private get policies() {
    return this.tx.manager.getRepository(EmergencyAccessPolicyEntity);
  }

  insert(values: Pick<EmergencyAccessEntity, 'tenantId' | 'householdId' | 'professionalId' | 'reason' | 'grantedAt' | 'expiresAt'>): Promise<EmergencyAccessEntity> {
    return this.grants.save(
      this.grants.create({ ...values, endedAt: null, endedById: null, reviewedAt: null, reviewedById: null, reviewOutcome: null, reviewNote: null }),
    );
  }

  /** A grant of the caller's municipality. */
  findInTenant(id: string): Promise<EmergencyAccessEntity | null> {
    return this.grants.findOneBy({ id });
  }

  /** The holder's own grant on that household. */
  findOwn(householdId: string, id: string, professionalId: string): Promise<EmergencyAccessEntity | null> {
    return this.grants.findOneBy({ id, householdId, professionalId });
  }

  /** Ends a grant that still runs at `at`; false when it had ended or expired already. */
  async end(id: string, at: Date, byId: string): Promise<boolean> {
    const result = await this.grants
      .createQueryBuilder()
      .update()
      .set({ endedAt: at, endedById: byId })
      .where('id = :id AND ended_at IS NULL AND expires_at > :at', { id, at })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Records the review once; false when it was reviewed already. */
  async review(id: string, values: { reviewedAt: Date; reviewedById: string; reviewOutcome: ReviewOutcome; reviewNote: string | null }): Promise<boolean> {
    const result = await this.grants.createQueryBuilder().update().set(values).where('id = :id AND reviewed_at IS NULL', { id }).execute();
    return (result.affected ?? 0) > 0;
  }

  /** Newest first, keyset on (granted_at, id) descending; only unreviewed grants, or one household's, when asked. */
  listPage(options: { unreviewed?: boolean; householdId?: string }, limit: number, after?: [string, string]): Promise<EmergencyAccessEntity[]> {
    const qb = this.grants.createQueryBuilder('g');
    if (options.unreviewed) qb.andWhere('g.reviewed_at IS NULL');
    if (options.householdId) qb.andWhere('g.household_id = :householdId', { householdId: options.householdId });
    if (after) qb.andWhere('(g.granted_at, g.id) < (:afterGranted, :afterId)', { afterGranted: after[0], afterId: after[1] });
    return qb.orderBy('g.granted_at', 'DESC').addOrderBy('g.id', 'DESC').limit(limit + 1).getMany();
  }

  async durationMinutes(tenantId: string): Promise<number | undefined> {
    return (await this.policies.findOneBy({ tenantId }))?.durationMinutes;
  }

  async saveDuration(values: EmergencyAccessPolicyEntity): Promise<void> {
    await this.policies.upsert(values, ['tenantId']);
  }
}
