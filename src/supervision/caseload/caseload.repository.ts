import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';

export interface CoordinatorRow {
  id: string;
  name: string;
  can_coordinate: boolean;
}

export interface CaseloadFigures {
  professional_id: string;
  active_households: number;
  overdue_actions: number;
  stalled_cases: number;
  last_activity_at: Date | null;
}

export interface Professional {
  id: string;
  active: boolean;
  roles: string[];
}

@Injectable()
export class CaseloadRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get m() {
    return this.tx.manager;
  }

  /** Active coordinators, plus anyone who still holds a case (inactive, or role removed); keyset on (name, id). */
  coordinatorsPage(tenantId: string, limit: number, after?: [string, string]): Promise<CoordinatorRow[]> {
    const params: unknown[] = [tenantId, limit + 1];
    let keyset = '';
    if (after) {
      params.push(after[0], after[1]);
      keyset = 'AND (p.name, p.id) > ($3, $4::uuid)';
    }
    return this.m.query<CoordinatorRow[]>(
      `SELECT p.id, p.name, (p.active AND 'coordinator' = ANY(p.roles)) AS can_coordinate
         FROM professional p
        WHERE p.tenant_id = $1
          AND ((p.active AND 'coordinator' = ANY(p.roles))
               OR EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.professional_id = p.id AND ca.ended_at IS NULL))
          ${keyset}
        ORDER BY p.name, p.id
        LIMIT $2`,
      params,
    );
  }

  /** The figures of some coordinators over the open households they coordinate now. */
  figures(tenantId: string, today: string, coordinatorIds: string[]): Promise<CaseloadFigures[]> {
    if (coordinatorIds.length === 0) return Promise.resolve([]);
    return this.m.query<CaseloadFigures[]>(
      `WITH mine AS (
         SELECT ca.professional_id, ca.household_id
           FROM coordinator_assignment ca JOIN household h ON h.id = ca.household_id AND h.status <> 'closed'
          WHERE ca.tenant_id = $1 AND ca.ended_at IS NULL AND ca.professional_id = ANY($3::uuid[])
       ),
       overdue AS (
         SELECT pl.household_id, count(*) AS n
           FROM plan_action a JOIN plan pl ON pl.id = a.plan_id
          WHERE a.tenant_id = $1 AND a.status IN ('open', 'in_progress') AND a.due_date < $2::date
            AND pl.household_id IN (SELECT household_id FROM mine)
          GROUP BY pl.household_id
       ),
       per_household AS (
         SELECT m.professional_id, m.household_id, COALESCE(o.n, 0) AS overdue,
                EXISTS (SELECT 1 FROM stalled_household sh WHERE sh.household_id = m.household_id) AS stalled,
                GREATEST(pl.updated_at, (SELECT max(c.occurred_at) FROM contact c WHERE c.household_id = m.household_id)) AS last_activity_at
           FROM mine m
           LEFT JOIN plan pl ON pl.household_id = m.household_id
           LEFT JOIN overdue o ON o.household_id = m.household_id
       )
       SELECT professional_id, count(*)::int AS active_households, sum(overdue)::int AS overdue_actions,
              count(*) FILTER (WHERE stalled)::int AS stalled_cases, max(last_activity_at) AS last_activity_at
         FROM per_household GROUP BY professional_id`,
      [tenantId, today, coordinatorIds],
    );
  }

  async findProfessional(tenantId: string, id: string): Promise<Professional | undefined> {
    const [row] = await this.m.query<Professional[]>('SELECT id, active, roles FROM professional WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return row;
  }

  /**
   * The coordinator a caseload goes to, under a share lock taken before the households' locks (the people admin's
   * order): a deactivation running meanwhile sees the hand-over, or the hand-over reads the person deactivated.
   */
  async findReceivingProfessional(tenantId: string, id: string): Promise<Professional | undefined> {
    const [row] = await this.m.query<Professional[]>('SELECT id, active, roles FROM professional WHERE tenant_id = $1 AND id = $2 FOR SHARE', [tenantId, id]);
    return row;
  }

  async activeHouseholdIds(tenantId: string, coordinatorId: string): Promise<string[]> {
    const rows = await this.m.query<Array<{ household_id: string }>>(
      'SELECT household_id FROM coordinator_assignment WHERE tenant_id = $1 AND professional_id = $2 AND ended_at IS NULL ORDER BY household_id',
      [tenantId, coordinatorId],
    );
    return rows.map((r) => r.household_id);
  }

  /**
   * Row locks on the households, taken in id order so concurrent bulk changes cannot deadlock; the case gate's mode
   * (`FOR NO KEY UPDATE`, `HouseholdsRepository.lockById`), so a foreign-key check does not wait for them.
   */
  async lockHouseholds(tenantId: string, ids: string[]): Promise<string[]> {
    const rows = await this.m.query<Array<{ id: string }>>('SELECT id FROM household WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR NO KEY UPDATE', [
      tenantId,
      ids,
    ]);
    return rows.map((r) => r.id);
  }

  /** Active coordinator per household (read after the locks, so it cannot change under us). */
  async activeCoordinators(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.m.query<Array<{ household_id: string; professional_id: string }>>(
      'SELECT household_id, professional_id FROM coordinator_assignment WHERE household_id = ANY($1::uuid[]) AND ended_at IS NULL',
      [ids],
    );
    return new Map(rows.map((r) => [r.household_id, r.professional_id]));
  }

  /** Ends the active assignments and starts the new ones; returns the new assignment id per household. */
  async handOver(tenantId: string, ids: string[], toId: string, actorId: string, reason: string, at: Date): Promise<Map<string, string>> {
    await this.m.query('UPDATE coordinator_assignment SET ended_at = $2, end_reason = $3 WHERE household_id = ANY($1::uuid[]) AND ended_at IS NULL', [ids, at, reason]);
    const rows = await this.m.query<Array<{ id: string; household_id: string }>>(
      `INSERT INTO coordinator_assignment (tenant_id, household_id, professional_id, started_at, reason, assigned_by_id, ended_at, end_reason)
       SELECT $1, h, $3, $4, $5, $6, NULL, NULL FROM unnest($2::uuid[]) AS h
       RETURNING id, household_id`,
      [tenantId, ids, toId, at, reason, actorId],
    );
    await this.m.query('UPDATE household SET version = version + 1, updated_at = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
    return new Map(rows.map((r) => [r.household_id, r.id]));
  }
}
