import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import type { TimelineType } from './timeline-types.js';
import type { DomainEventPayloads } from '../../events/event-types.js';

/** One domain event of the household, with the acting professional's name. */
/** One event of the history, its payload typed by its type (the event map in events/event-types.ts). */
export type TimelineEventRow = {
  [T in TimelineType]: { id: string; type: T; aggregateId: string; actorId: string | null; actorName: string | null; payload: DomainEventPayloads[T]; occurredAt: Date };
}[TimelineType];

export interface ContactSource {
  kind: string;
  occurredAt: Date;
  note: string;
  members: Array<{ memberId: string; name: string }>;
}
export interface AssessmentSource {
  assessedOn: string;
  memberId: string | null;
  memberName: string | null;
  /** Every score: the mapper keeps those of domains the reader's scope covers. */
  scores: Array<{ domainCode: string; score: number }>;
}
export interface EscalationSource {
  reason: string;
  outcome: string | null;
  resolved: boolean;
}
export interface AssignmentSource {
  /** Why this coordinator took the case (first assignment or hand-over). */
  reason: string;
  /** Why it ended (step-down, deactivation, hand-over or closing); null while it runs. */
  endReason: string | null;
  /** How the assignment ended (`coordinator_assignment.end_kind`; the timeline only asks whether it was `closed`). */
  endKind: string | null;
}
export interface HandoverSource {
  reason: string;
  declineReason: string | null;
}
export interface CareTeamLinkSource {
  organisationId: string;
  organisationName: string;
  professionalId: string | null;
  professionalName: string | null;
  role: string;
  basis: string;
  endReason: string | null;
}
export interface EpisodeSource {
  closeReason: string | null;
  reopenReason: string | null;
}

/** Reads the household's events and, in one query per source, the rows they refer to. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.tx.manager.query<T[]>(sql, params);
  }

  /** Newest first; keyset on (occurred_at, id). */
  /** `scope`: for a narrowed reader, the condition (on event `e`) that their scope opens the entry (purpose limitation). */
  async eventsPage(
    tenantId: string,
    householdId: string,
    types: readonly TimelineType[],
    limit: number,
    before?: [string, number],
    scope?: (param: (value: unknown) => string) => Promise<string | null>,
  ): Promise<TimelineEventRow[]> {
    const params: unknown[] = [tenantId, householdId, types, limit + 1];
    let keyset = '';
    if (before) {
      params.push(before[0], before[1]);
      keyset = 'AND (e.occurred_at, e.id) < ($5::timestamptz, $6::bigint)';
    }
    const condition = scope ? await scope((value) => `$${params.push(value)}`) : null;
    if (condition) keyset += ` AND ${condition}`;
    const rows = await this.query<{ id: string; type: TimelineType; aggregate_id: string; actor_id: string | null; actor_name: string | null; payload: Record<string, unknown>; occurred_at: Date }>(
      `SELECT e.id::text AS id, e.type, e.aggregate_id, e.actor_id, p.name AS actor_name, e.payload, e.occurred_at
         FROM outbox_event e LEFT JOIN professional p ON p.id = e.actor_id AND p.tenant_id = e.tenant_id
        WHERE e.tenant_id = $1 AND e.household_id = $2 AND e.type = ANY($3::varchar[]) ${keyset}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $4`,
      params,
    );
    // The one place a row's jsonb becomes a typed payload: outbox rows are written only through `createEvent`
    // (and the two SQL writers that follow the same map), so the stored payload is the one declared for its type.
    return rows.map(
      (r) =>
        ({
          id: r.id,
          type: r.type,
          aggregateId: r.aggregate_id,
          actorId: r.actor_id,
          actorName: r.actor_name,
          payload: r.payload,
          occurredAt: r.occurred_at,
        }) as TimelineEventRow,
    );
  }

  async contacts(tenantId: string, ids: string[]): Promise<Map<string, ContactSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; kind: string; occurred_at: Date; note: string }>(
      'SELECT id, kind, occurred_at, note FROM contact WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    const members = await this.query<{ contact_id: string; member_id: string; name: string }>(
      `SELECT cm.contact_id, cm.member_id, m.given_name || ' ' || m.family_name AS name
         FROM contact_member cm JOIN member m ON m.id = cm.member_id
        WHERE cm.tenant_id = $1 AND cm.contact_id = ANY($2::uuid[])
        ORDER BY m.date_of_birth, m.id`,
      [tenantId, ids],
    );
    const out = new Map(rows.map((r) => [r.id, { kind: r.kind, occurredAt: r.occurred_at, note: r.note, members: [] as ContactSource['members'] }]));
    for (const m of members) out.get(m.contact_id)?.members.push({ memberId: m.member_id, name: m.name });
    return out;
  }

  async assessments(tenantId: string, ids: string[]): Promise<Map<string, AssessmentSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; assessed_on: string; member_id: string | null; member_name: string | null; scores: Array<{ domainCode: string; score: number }> }>(
      `SELECT a.id, to_char(a.assessed_on, 'YYYY-MM-DD') AS assessed_on, a.member_id, m.given_name || ' ' || m.family_name AS member_name,
              COALESCE(json_agg(json_build_object('domainCode', s.domain_code, 'score', s.score)) FILTER (WHERE s.domain_code IS NOT NULL), '[]') AS scores
         FROM assessment a
         LEFT JOIN member m ON m.id = a.member_id
         LEFT JOIN assessment_score s ON s.assessment_id = a.id
        WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[])
        GROUP BY a.id, m.id`,
      [tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, { assessedOn: r.assessed_on, memberId: r.member_id, memberName: r.member_name, scores: r.scores }]));
  }

  async escalations(tenantId: string, ids: string[]): Promise<Map<string, EscalationSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; reason: string; outcome: string | null; resolved: boolean }>(
      'SELECT id, reason, outcome, resolved_at IS NOT NULL AS resolved FROM escalation WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, { reason: r.reason, outcome: r.outcome, resolved: r.resolved }]));
  }

  /** What changed in plan revisions, by `planId:number`. */
  async planRevisions(tenantId: string, keys: Array<{ planId: string; number: number }>): Promise<Map<string, Array<Record<string, unknown>>>> {
    if (keys.length === 0) return new Map();
    const rows = await this.query<{ plan_id: string; number: number; changes: Array<Record<string, unknown>> }>(
      `SELECT r.plan_id, r.number, r.changes
         FROM plan_revision r JOIN unnest($2::uuid[], $3::int[]) AS k(plan_id, number) ON k.plan_id = r.plan_id AND k.number = r.number
        WHERE r.tenant_id = $1`,
      [tenantId, keys.map((k) => k.planId), keys.map((k) => k.number)],
    );
    return new Map(rows.map((r) => [`${r.plan_id}:${r.number}`, r.changes]));
  }

  /** Coordinator assignments by id: why each started and, once ended, why and how it ended. */
  async assignments(tenantId: string, ids: string[]): Promise<Map<string, AssignmentSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; reason: string; end_reason: string | null; end_kind: string | null }>(
      'SELECT id, reason, end_reason, end_kind FROM coordinator_assignment WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, { reason: r.reason, endReason: r.end_reason, endKind: r.end_kind }]));
  }

  /** Proposed hand-overs by id: why proposed and, if declined, why. */
  async handovers(tenantId: string, ids: string[]): Promise<Map<string, HandoverSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; reason: string; decline_reason: string | null }>(
      'SELECT id, reason, decline_reason FROM coordinator_handover WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, { reason: r.reason, declineReason: r.decline_reason }]));
  }

  async careTeamLinks(tenantId: string, ids: string[]): Promise<Map<string, CareTeamLinkSource>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{
      id: string;
      organisation_id: string;
      organisation_name: string;
      professional_id: string | null;
      professional_name: string | null;
      role: string;
      basis: string;
      end_reason: string | null;
    }>(
      `SELECT l.id, l.organisation_id, o.name AS organisation_name, l.professional_id, p.name AS professional_name, l.role, l.basis, l.end_reason
         FROM care_team_link l JOIN organisation o ON o.id = l.organisation_id LEFT JOIN professional p ON p.id = l.professional_id
        WHERE l.tenant_id = $1 AND l.id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          organisationId: r.organisation_id,
          organisationName: r.organisation_name,
          professionalId: r.professional_id,
          professionalName: r.professional_name,
          role: r.role,
          basis: r.basis,
          endReason: r.end_reason,
        },
      ]),
    );
  }

  /** Close and reopen reasons of the household's episodes, by episode number. */
  async episodes(tenantId: string, householdId: string, numbers: number[]): Promise<Map<number, EpisodeSource>> {
    if (numbers.length === 0) return new Map();
    const rows = await this.query<{ number: number; close_reason: string | null; reopen_reason: string | null }>(
      'SELECT number, close_reason, reopen_reason FROM household_episode WHERE tenant_id = $1 AND household_id = $2 AND number = ANY($3::int[])',
      [tenantId, householdId, numbers],
    );
    return new Map(rows.map((r) => [Number(r.number), { closeReason: r.close_reason, reopenReason: r.reopen_reason }]));
  }

  async professionalNames(tenantId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; name: string }>('SELECT id, name FROM professional WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async organisationNames(tenantId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<{ id: string; name: string }>('SELECT id, name FROM organisation WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
