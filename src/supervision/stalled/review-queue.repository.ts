import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import type { HouseholdStatus } from '../../households/household-status.js';
import { StallSnoozeEntity } from '../entities/stall-snooze.entity.js';
import type { StallRule } from '../stall-rules.js';
import type { CoordinationState, QueueSort } from './dto/stalled.dto.js';
import type { StoredFigures } from './figures.js';

export interface QueueFilter {
  rule?: StallRule;
  district?: string;
  coordinatorId?: string;
  coordination?: CoordinationState;
  organisationId?: string;
}

/** severity: [-severity, stalledSince, householdId]; age: [stalledSince, householdId]. */
export type QueueKey = [number, string, string] | [string, string];

export interface QueueRow {
  household_id: string;
  rules: StallRule[];
  severity: number;
  stalled_since: Date;
  days_stalled: number;
  district: string;
  status: HouseholdStatus;
  coordinator_id: string | null;
  coordinator_name: string | null;
  coordination_since: Date;
}

export interface RuleRow {
  household_id: string;
  rule: StallRule;
  since: Date;
  figures: StoredFigures;
  snoozed_until: string | null;
}

@Injectable()
export class ReviewQueueRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * One keyset page of the review queue. Walks ix_stalled_household_severity or ix_stalled_household_age in
   * order and joins the household, its active coordinator (unique partial index) and the coordinator's name per
   * row, so a page costs the same at any depth. Closed households are left out even before the next evaluation.
   */
  async page(tenantId: string, today: string, filter: QueueFilter, sort: QueueSort, limit: number, after?: QueueKey): Promise<QueueRow[]> {
    const params: unknown[] = [tenantId, today];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['sh.tenant_id = $1', `h.status <> 'closed'`];
    if (filter.rule) where.push(`sh.rules @> ARRAY[${p(filter.rule)}]::varchar[]`);
    if (filter.district) where.push(`lower(h.district) = lower(${p(filter.district)})`);
    if (filter.coordinatorId) where.push(`ca.professional_id = ${p(filter.coordinatorId)}::uuid`);
    if (filter.coordination === 'vacant') where.push('ca.id IS NULL');
    if (filter.coordination === 'assigned') where.push('ca.id IS NOT NULL');
    if (filter.organisationId) {
      where.push(
        `EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = sh.household_id AND ct.organisation_id = ${p(filter.organisationId)}::uuid` +
          ` AND ct.ended_at IS NULL AND ct.starts_on <= $2::date AND (ct.ends_on IS NULL OR ct.ends_on >= $2::date))`,
      );
    }
    let order: string;
    if (sort === 'severity') {
      order = '-sh.severity, sh.stalled_since, sh.household_id';
      if (after) where.push(`(-sh.severity, sh.stalled_since, sh.household_id) > (${p(after[0])}::int, ${p(after[1])}::timestamptz, ${p(after[2])}::uuid)`);
    } else {
      order = 'sh.stalled_since, sh.household_id';
      if (after) where.push(`(sh.stalled_since, sh.household_id) > (${p(after[0])}::timestamptz, ${p(after[1])}::uuid)`);
    }
    const sql = `
      SELECT sh.household_id, sh.rules, sh.severity, sh.stalled_since,
             $2::date - (sh.stalled_since AT TIME ZONE 'Europe/Amsterdam')::date AS days_stalled,
             h.district, h.status, ca.professional_id AS coordinator_id, pr.name AS coordinator_name,
             COALESCE(ca.started_at, GREATEST(
               (SELECT e.started_at FROM household_episode e WHERE e.household_id = h.id AND e.ended_at IS NULL),
               (SELECT max(x.ended_at) FROM coordinator_assignment x WHERE x.household_id = h.id)), h.registered_at) AS coordination_since
        FROM stalled_household sh
        JOIN household h ON h.id = sh.household_id
        LEFT JOIN coordinator_assignment ca ON ca.household_id = sh.household_id AND ca.ended_at IS NULL
        LEFT JOIN professional pr ON pr.id = ca.professional_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${order}
       LIMIT ${p(limit + 1)}`;
    return this.tx.manager.query<QueueRow[]>(sql, params);
  }

  /** The open rule rows of some households, with the end of an active snooze when there is one. */
  openRules(tenantId: string, today: string, householdIds: string[]): Promise<RuleRow[]> {
    if (householdIds.length === 0) return Promise.resolve([]);
    return this.tx.manager.query<RuleRow[]>(
      `SELECT sc.household_id, sc.rule, sc.since, sc.figures,
              (SELECT to_char(max(z.until), 'YYYY-MM-DD') FROM stall_snooze z
                WHERE z.household_id = sc.household_id AND z.rule = sc.rule AND z.until >= $2::date) AS snoozed_until
         FROM stalled_case sc
        WHERE sc.tenant_id = $1 AND sc.cleared_at IS NULL AND sc.household_id = ANY($3::uuid[])`,
      [tenantId, today, householdIds],
    );
  }

  private get snoozes() {
    return this.tx.manager.getRepository(StallSnoozeEntity);
  }

  insertSnooze(values: Omit<StallSnoozeEntity, 'id'>): Promise<StallSnoozeEntity> {
    return this.snoozes.save(this.snoozes.create(values));
  }

  findSnooze(tenantId: string, householdId: string, id: string): Promise<StallSnoozeEntity | null> {
    return this.snoozes.findOneBy({ tenantId, householdId, id });
  }

  /** Newest first, keyset on (created_at, id). */
  snoozePage(tenantId: string, householdId: string, limit: number, after?: [string, string]): Promise<StallSnoozeEntity[]> {
    const qb = this.snoozes.createQueryBuilder('z').where('z.tenant_id = :tenantId AND z.household_id = :householdId', { tenantId, householdId });
    if (after) qb.andWhere('(z.created_at, z.id) < (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    return qb.orderBy('z.created_at', 'DESC').addOrderBy('z.id', 'DESC').limit(limit + 1).getMany();
  }
}
