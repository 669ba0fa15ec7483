import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NamedStatement } from '../database/transaction-frame.js';
import { TransactionHost } from '../database/transaction-host.js';
import { AuditChainReader } from './audit-chain.reader.js';
import { AuditSealStore } from './audit-seal.store.js';
import type { AuditEventDraft } from './audit.types.js';

export type { ChainRow, CheckpointRow, RetirementRow } from './audit-chain.reader.js';
export type { NewCheckpoint, NewSeal, UnsealedRow } from './audit-seal.store.js';

const INSERT_COLUMNS = [
  'tenant_id', 'occurred_at', 'action', 'outcome', 'actor_kind', 'professional_id', 'api_client_id', 'organisation_id', 'roles',
  'on_behalf_of_organisation_id', 'resource_type', 'resource_id', 'household_id', 'member_ids', 'purpose', 'legal_basis', 'consent_id',
  'route', 'http_status', 'request_id', 'source_address', 'caller_request_id',
] as const;
const ROWS_PER_INSERT = 2_000;
const PREPARED_UP_TO = 8;
const READ_COLUMNS = ['seq', 'recorded_at', ...INSERT_COLUMNS].join(', ');

/** The INSERT of `rows` events; the common counts (every request writes one or a few) built once. */
const insertTexts = new Map<number, string>();
function insertText(rows: number): string {
  let text = insertTexts.get(rows);
  if (text === undefined) {
    const tuples = Array.from({ length: rows }, (_, row) => `(${INSERT_COLUMNS.map((_, column) => `$${row * INSERT_COLUMNS.length + column + 1}`).join(', ')})`);
    text = `INSERT INTO audit_event (${INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
    if (rows <= PREPARED_UP_TO) insertTexts.set(rows, text);
  }
  return text;
}

export interface AuditEventRow {
  seq: string;
  recorded_at: Date;
  tenant_id: string;
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
  /** The event's consent is that of another member than the one the report is for. */
  consent_of_other_member: boolean | null;
}


/**
 * The audit tables. Requests run in their tenant's transaction (row-level security: the caller's tenant only); the
 * sealer and the verification CLI as system work (every tenant). Events, seals and checkpoints are only ever
 * inserted — the roles hold no UPDATE or DELETE on them.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get db(): EntityManager {
    return this.tx.manager;
  }

  /**
   * The request's events as multi-row INSERTs (numbered by the sequence, no lock shared with other requests), for
   * `TransactionHost.withCommit`: the last travels with the request's COMMIT in one message, so writing the audit
   * events costs no round trip of its own. Up to `PREPARED_UP_TO` rows the statement is named by its row count and
   * so parsed and planned once per connection; one INSERT takes at most `ROWS_PER_INSERT` rows (PostgreSQL takes
   * at most 65,535 parameters a statement).
   */
  insertStatements(drafts: AuditEventDraft[]): NamedStatement[] {
    const statements: NamedStatement[] = [];
    for (let from = 0; from < drafts.length; from += ROWS_PER_INSERT) {
      const rows = drafts.slice(from, from + ROWS_PER_INSERT);
      statements.push({
        name: rows.length <= PREPARED_UP_TO ? `audit_insert_${rows.length}` : undefined,
        text: insertText(rows.length),
        values: rows.flatMap((e) => [
          e.tenantId, e.occurredAt, e.action, e.outcome, e.actorKind, e.professionalId, e.apiClientId, e.organisationId, e.roles,
          e.onBehalfOfOrganisationId, e.resourceType, e.resourceId, e.householdId, e.memberIds, e.purpose, e.legalBasis, e.consentId,
          e.route, e.httpStatus, e.requestId, e.sourceAddress, e.callerRequestId ?? null,
        ]),
      });
    }
    return statements;
  }

  /** The sealer's view of the tables, in the current (system) transaction. */
  sealStore(): AuditSealStore {
    return new AuditSealStore(this.db);
  }

  /** The verifier's view of the chains, in the current transaction. */
  chainReader(): AuditChainReader {
    return new AuditChainReader(this.db);
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────────────────────

  /** A household's events, newest first, keyset-paginated on seq. */
  async householdPage(householdId: string, beforeSeq: number | undefined, limit: number): Promise<AuditEventRow[]> {
    return this.db.query<AuditEventRow[]>(
      `SELECT ${READ_COLUMNS} FROM audit_event
       WHERE tenant_id = eenplan_current_tenant() AND household_id = $1 AND ($2::bigint IS NULL OR seq < $2)
       ORDER BY seq DESC LIMIT $3`,
      [householdId, beforeSeq ?? null, limit],
    );
  }

  /** The seal of each of these events, where there is one yet. */
  async macsOf(seqs: string[]): Promise<Map<string, string>> {
    if (seqs.length === 0) return new Map();
    const rows = await this.db.query<Array<{ seq: string; mac: string }>>('SELECT seq, mac FROM audit_seal WHERE seq = ANY($1::bigint[])', [seqs]);
    return new Map(rows.map((r) => [r.seq, r.mac]));
  }

  /**
   * Who looked at or changed the household's data (or, with a member, that member's data and the household-wide
   * data that includes it), grouped per day, organisation, roles, purpose, basis and action. Denials are left
   * out: nothing was disclosed.
   */
  async accessReport(householdId: string, memberId: string | undefined): Promise<AccessReportRow[]> {
    return this.db.query<AccessReportRow[]>(
      `SELECT to_char(a.occurred_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD') AS day, min(a.occurred_at) AS first_at,
              max(a.occurred_at) AS last_at, count(*)::int AS times, o.name AS organisation_name, a.roles, a.purpose,
              a.legal_basis, a.action,
              -- a member's report names a consent in its own words only when the consent is theirs (or the
              -- household's): the words of another member's consent may name that member's treatment
              CASE WHEN c.member_id <> $2::uuid THEN NULL ELSE c.purpose END AS consent_purpose,
              c.member_id <> $2::uuid AS consent_of_other_member
       FROM audit_event a
       LEFT JOIN organisation o ON o.id = a.organisation_id
       LEFT JOIN consent c ON c.id = a.consent_id AND c.household_id = a.household_id
       WHERE a.tenant_id = eenplan_current_tenant() AND a.household_id = $1 AND a.action <> 'deny'
         AND ($2::uuid IS NULL OR cardinality(a.member_ids) = 0 OR $2::uuid = ANY (a.member_ids))
       GROUP BY 1, o.name, a.roles, a.purpose, a.legal_basis, a.action, 10, 11
       ORDER BY max(a.occurred_at) DESC, o.name, a.action`,
      [householdId, memberId ?? null],
    );
  }

  async householdExists(householdId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM household WHERE id = $1', [householdId]);
    return rows.length > 0;
  }

  async memberOfHousehold(householdId: string, memberId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>('SELECT 1 FROM member WHERE id = $1 AND household_id = $2', [memberId, householdId]);
    return rows.length > 0;
  }
}
