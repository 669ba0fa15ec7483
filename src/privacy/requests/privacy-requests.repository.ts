import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { PrivacyRequestEntity } from './entities/privacy-request.entity.js';
import { COUNT_SQL, ERASE_SQL } from './erasure.sql.js';
import { RECORD_CATEGORIES, type RecordCategory } from './erasure-report.js';
import type { PrivacyRequestStatus } from './privacy-request-values.js';

export interface SubjectFacts {
  householdFound: boolean;
  memberFound: boolean;
  caseOpen: boolean;
}

/** What the execution touched per category; `emails` is counted among the deleted inbox items. */
export type ErasedCounts = Partial<Record<RecordCategory, number>>;

type Changes = Partial<Pick<PrivacyRequestEntity, 'status' | 'decidedById' | 'decidedAt' | 'decisionReason' | 'executedById' | 'executedAt' | 'liftedById' | 'liftedAt' | 'liftReason' | 'report'>>;

@Injectable()
export class PrivacyRequestsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get requests() {
    return this.tx.manager.getRepository(PrivacyRequestEntity);
  }

  insert(values: Pick<PrivacyRequestEntity, 'tenantId' | 'kind' | 'householdId' | 'memberId' | 'reason' | 'reference' | 'requestedById' | 'requestedAt'>): Promise<PrivacyRequestEntity> {
    return this.requests.save(
      this.requests.create({
        ...values,
        status: 'recorded',
        decidedById: null,
        decidedAt: null,
        decisionReason: null,
        executedById: null,
        executedAt: null,
        liftedById: null,
        liftedAt: null,
        liftReason: null,
        report: null,
      }),
    );
  }

  findInTenant(tenantId: string, id: string): Promise<PrivacyRequestEntity | null> {
    return this.requests.findOneBy({ tenantId, id });
  }

  /** Row lock: one step at a time per request (approve vs. reject, double execute). */
  lock(tenantId: string, id: string): Promise<PrivacyRequestEntity | null> {
    return this.requests.createQueryBuilder('r').setLock('pessimistic_write').where('r.tenant_id = :tenantId AND r.id = :id', { tenantId, id }).getOne();
  }

  /**
   * The household's row lock, taken before an erasure reads what it may erase: a legal hold being placed (its share
   * lock) or a reopening (the case gate's lock) either commits first and is seen, or waits for the erasure. Without it
   * an erasure decided on facts read before a concurrent hold or reopening committed (an outside run: both 200, the
   * case pseudonymised under an active hold).
   */
  async lockHousehold(householdId: string): Promise<void> {
    await this.tx.manager.query('SELECT 1 FROM household WHERE id = $1 FOR UPDATE', [householdId]);
  }

  /** Moves the request on only from the step it was read in; false when someone else moved it first. */
  async move(id: string, from: PrivacyRequestStatus, changes: Changes): Promise<boolean> {
    const result = await this.requests.createQueryBuilder().update().set(changes).where('id = :id AND status = :from', { id, from }).execute();
    return (result.affected ?? 0) > 0;
  }

  /** Newest first; keyset on (requested_at, id). */
  listPage(tenantId: string, status: PrivacyRequestStatus | undefined, limit: number, before?: [string, string]): Promise<PrivacyRequestEntity[]> {
    const qb = this.requests.createQueryBuilder('r').where('r.tenant_id = :tenantId', { tenantId });
    if (status) qb.andWhere('r.status = :status', { status });
    if (before) qb.andWhere('(r.requested_at, r.id) < (:beforeAt, :beforeId)', { beforeAt: before[0], beforeId: before[1] });
    return qb.orderBy('r.requested_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1).getMany();
  }

  /** Whether the subject exists in the caller's municipality (row-level security) and whether its case is open. */
  async subjectFacts(householdId: string, memberId: string | null): Promise<SubjectFacts> {
    const [row] = await this.tx.manager.query<Array<{ status: string | null; member: boolean }>>(
      `SELECT (SELECT status FROM household WHERE id = $1) AS status,
              ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM member WHERE id = $2 AND household_id = $1)) AS member`,
      [householdId, memberId],
    );
    const status = row?.status ?? null;
    return { householdFound: status !== null, memberFound: row?.member === true, caseOpen: status !== null && status !== 'closed' };
  }

  /** Rows per category that concern the subject (the same rows execution would touch). */
  async counts(householdId: string, memberId: string | null): Promise<Record<RecordCategory, number>> {
    const counts = {} as Record<RecordCategory, number>;
    for (const category of RECORD_CATEGORIES) {
      const [row] = await this.tx.manager.query<Array<{ n: number }>>(COUNT_SQL[category], params(COUNT_SQL[category], householdId, memberId));
      counts[category] = row?.n ?? 0;
    }
    return counts;
  }

  /**
   * Runs the erasure statements of the given categories in this transaction, with the request named in the
   * transaction-local `app.privacy_erasure` so the database lets an approved erasure through its restriction and
   * append-only guards (and nothing else). Returns per category how many rows it touched.
   */
  async erase(requestId: string, householdId: string, memberId: string | null, categories: ReadonlySet<RecordCategory>): Promise<ErasedCounts> {
    const erased: ErasedCounts = {};
    await this.tx.manager.query(`SELECT set_config('app.privacy_erasure', $1, true)`, [requestId]);
    for (const { category, sql } of ERASE_SQL) {
      if (!categories.has(category)) continue;
      // the BSN goes with the member row: count it before the UPDATE clears it
      if (category === 'members' && categories.has('bsn')) erased.bsn = (await this.counts(householdId, memberId)).bsn;
      const rows = await this.tx.manager.query<Array<{ emailed?: boolean }>>(sql, params(sql, householdId, memberId));
      // node-postgres answers an UPDATE … RETURNING as [rows, count] through TypeORM
      const list = Array.isArray(rows[0]) ? (rows[0] as Array<{ emailed?: boolean }>) : rows;
      erased[category] = list.length;
      if (category === 'inbox' && categories.has('emails')) erased.emails = list.filter((r) => r.emailed === true).length;
    }
    await this.tx.manager.query(`SELECT set_config('app.privacy_erasure', '', true)`);
    return erased;
  }
}

/** Only the parameters a statement uses: PostgreSQL refuses a parameter it cannot type. */
const params = (sql: string, householdId: string, memberId: string | null) => (sql.includes('$2') ? [householdId, memberId] : [householdId]);
