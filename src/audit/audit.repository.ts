import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { GENESIS_HASH } from './audit-chain.js';
import type { ChainedAuditEvent } from './audit.types.js';

const COLUMNS = [
  'tenant_id', 'seq', 'prev_hash', 'hash', 'occurred_at', 'action', 'outcome', 'actor_kind', 'professional_id', 'api_client_id',
  'organisation_id', 'roles', 'on_behalf_of_organisation_id', 'resource_type', 'resource_id', 'household_id', 'member_ids', 'purpose',
  'legal_basis', 'consent_id', 'route', 'http_status', 'request_id', 'source_address', 'caller_request_id',
] as const;

export interface AuditEventRow {
  tenant_id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  occurred_at: Date;
  action: string;
  outcome: string;
  actor_kind: string;
  professional_id: string;
  api_client_id: string | null;
  organisation_id: string;
  roles: string[];
  on_behalf_of_organisation_id: string | null;
  resource_type: string;
  resource_id: string | null;
  household_id: string | null;
  member_ids: string[];
  purpose: string;
  legal_basis: string;
  consent_id: string | null;
  route: string;
  http_status: number;
  request_id: string | null;
  caller_request_id: string | null;
  source_address: string | null;
}

export interface AccessReportRow {
  day: string;
  first_at: Date;
  last_at: Date;
  times: number;
  organisation_name: string | null;
  roles: string[];
  purpose: string;
  legal_basis: string;
  action: string;
  consent_purpose: string | null;
}

/** The audit tables. Runs in the caller's transaction (row-level security: the caller's tenant only). */
@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Locks the tenant's chain head (created on first use) and returns it. The lock is held until the transaction
   * ends, so call this only at the very end (flush just before commit).
   */
  async lockHead(tenantId: string): Promise<{ seq: number; hash: string }> {
    const rows = await this.tx.manager.query<Array<{ seq: string; hash: string }>>(
      `INSERT INTO audit_chain_head (tenant_id, seq, hash) VALUES ($1, 0, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_chain_head.seq RETURNING seq, hash`,
      [tenantId, GENESIS_HASH],
    );
    return { seq: Number(rows[0]!.seq), hash: rows[0]!.hash };
  }

  /** One multi-row insert of the chained events, and the head moved to the last of them, in one statement. */
  async insertAndAdvance(events: ChainedAuditEvent[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = events.map((e) => {
      const values = [
        e.tenantId, e.seq, e.prevHash, e.hash, e.occurredAt, e.action, e.outcome, e.actorKind, e.professionalId, e.apiClientId,
        e.organisationId, e.roles, e.onBehalfOfOrganisationId, e.resourceType, e.resourceId, e.householdId, e.memberIds, e.purpose,
        e.legalBasis, e.consentId, e.route, e.httpStatus, e.requestId, e.sourceAddress, e.callerRequestId ?? null,
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const last = events[events.length - 1]!;
    params.push(last.tenantId, last.seq, last.hash);
    const n = params.length;
    await this.tx.manager.query(
      `WITH appended AS (INSERT INTO audit_event (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')})
       UPDATE audit_chain_head SET seq = $${n - 1}, hash = $${n} WHERE tenant_id = $${n - 2}`,
      params,
    );
  }

  /** The tenant's events in chain order, `limit` at a time after `afterSeq` (verification reads in batches). */
  async chainBatch(afterSeq: number, limit: number): Promise<AuditEventRow[]> {
    return this.tx.manager.query<AuditEventRow[]>(
      `SELECT ${COLUMNS.join(', ')} FROM audit_event WHERE tenant_id = eenplan_current_tenant() AND seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const rows = await this.tx.manager.query<Array<{ seq: string; hash: string }>>(
      'SELECT seq, hash FROM audit_chain_head WHERE tenant_id = eenplan_current_tenant()',
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }

  /** A household's events, newest first, keyset-paginated on seq. */
  async householdPage(householdId: string, beforeSeq: number | undefined, limit: number): Promise<AuditEventRow[]> {
    return this.tx.manager.query<AuditEventRow[]>(
      `SELECT ${COLUMNS.join(', ')} FROM audit_event
       WHERE tenant_id = eenplan_current_tenant() AND household_id = $1 AND ($2::bigint IS NULL OR seq < $2)
       ORDER BY seq DESC LIMIT $3`,
      [householdId, beforeSeq ?? null, limit],
    );
  }

  /**
   * Who looked at or changed the household's data (or, with a member, that member's data and the household-wide
   * data that includes it), grouped per day, organisation, roles, purpose, basis and action. Denials are left
   * out: nothing was disclosed.
   */
  async accessReport(householdId: string, memberId: string | undefined): Promise<AccessReportRow[]> {
    return this.tx.manager.query<AccessReportRow[]>(
      `SELECT to_char(a.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD') AS day, min(a.occurred_at) AS first_at,
              max(a.occurred_at) AS last_at, count(*)::int AS times, o.name AS organisation_name, a.roles, a.purpose,
              a.legal_basis, a.action, c.purpose AS consent_purpose
       FROM audit_event a
       LEFT JOIN organisation o ON o.id = a.organisation_id
       LEFT JOIN consent c ON c.id = a.consent_id AND c.household_id = a.household_id
       WHERE a.tenant_id = eenplan_current_tenant() AND a.household_id = $1 AND a.action <> 'deny'
         AND ($2::uuid IS NULL OR cardinality(a.member_ids) = 0 OR $2::uuid = ANY (a.member_ids))
       GROUP BY 1, o.name, a.roles, a.purpose, a.legal_basis, a.action, c.purpose
       ORDER BY max(a.occurred_at) DESC, o.name, a.action`,
      [householdId, memberId ?? null],
    );
  }

  async householdExists(householdId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>('SELECT 1 FROM household WHERE id = $1', [householdId]);
    return rows.length > 0;
  }

  async memberOfHousehold(householdId: string, memberId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>('SELECT 1 FROM member WHERE id = $1 AND household_id = $2', [memberId, householdId]);
    return rows.length > 0;
  }
}
