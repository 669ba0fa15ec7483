import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AccessRepository } from '../src/access/access.repository.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import type { Actor } from '../src/common/request-context.js';
import { poolLimits, type TimeLimits } from '../src/database/data-source-options.js';
import { isTransactionFrame } from '../src/database/transaction-frame.js';
import { preparedStatement, statementValues, type PreparedStatement } from '../src/database/prepared-statement.js';
import type { TransactionHost } from '../src/database/transaction-host.js';
import { serve, type RawServer } from './raw-baselines.js';

/**
 * (c) The plan change as Eenplan's own statements on Eenplan's own schema, without Eenplan's node: a raw node:http +
 * pg server, logged in as the application role (row-level security on), sending what the application sends for
 * `PATCH …/plan/actions/{id}` — the case with the need-to-know check and the plan's aggregate in one statement,
 * carrying `START TRANSACTION` with the tenant setting in its message (the application's own pool client does that,
 * src/database/transaction-frame.ts); the version-gated change with the action, the revision (a snapshot of the
 * plan) and the outbox event in one statement, sent with the audit row and `COMMIT` in one message; the relays'
 * wake-up after the commit, coalesced. The access check and the
 * audit INSERT are built by the application's own code, sent through its own pool client; the aggregate read and the
 * change are copies of what the application sent at the time of writing (captured from `pg_stat_statements`), which
 * drift if the application's SQL changes: a measuring aid, not a contract.
 *
 * It splits the distance between Eenplan and the issue's baseline (bare tables: no row-level security, foreign keys,
 * triggers, partitions, access check or snapshot) into the part the schema and its SQL cost and the part the
 * application's node side costs (docs/benchmarks.md, "The plan change on Eenplan's own schema: baseline (c)").
 */

/**
 * The case with the need-to-know check and the plan's aggregate, as `PlansRepository.findVisibleAggregateForChange`
 * reads it: the access part from the application's own `AccessRepository.singleRead` (a coordinator), the aggregate a
 * copy.
 */
function readStatement(access: AccessRepository, actor: Actor): PreparedStatement {
  const { joins, where, basisColumns } = access.singleRead(actor, 'h', { activeCoordinator: true });
  const children = (table: string, alias: string, order: string) => `(SELECT COALESCE(json_agg(${alias} ORDER BY ${order}), '[]'::json) FROM ${table} ${alias} WHERE ${alias}.plan_id = p.id)`;
  return preparedStatement(
    'bench_c_read',
    `SELECT to_json(p) AS plan_json, ${children('plan_goal', 'g', 'g.position, g.id')} AS goals_json, ${children('plan_action', 'a', 'a.created_at, a.id')} AS actions_json,` +
      ` ${children('plan_network_member', 'n', 'n.name, n.id')} AS network_json, ${children('plan_community_resource', 'r', 'r.name, r.id')} AS resources_json` +
      basisColumns.map(([expression, name]) => `, ${expression} AS ${name}`).join('') +
      `, to_json(h) AS household_json FROM household h LEFT JOIN plan p ON p.household_id = h.id${joins} WHERE h.id = :householdId AND (${where})`,
  );
}

/** The version gate, the action, the revision and the outbox event in one statement, as `PlansRepository.changeAction` writes it. */
const CHANGE =
  `WITH gate AS (UPDATE plan SET version = version + 1, updated_by_id = $2, updated_at = $3 WHERE id = $4 AND version = $5 AND access_epoch = $20 AND NOT household_closed RETURNING id, version),` +
  ` action AS (UPDATE plan_action SET description = $1, updated_at = CURRENT_TIMESTAMP WHERE id = $6 AND plan_id = (SELECT id FROM gate)),` +
  ` revision AS (INSERT INTO plan_revision (tenant_id, plan_id, number, snapshot, changes, changed_by_id, changed_at) SELECT $7::uuid, gate.id, gate.version, $8::jsonb, $9::jsonb, $10::uuid, $11::timestamptz FROM gate),` +
  ` also AS (INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) SELECT e.* FROM (VALUES ($13::uuid, $14::varchar, $15::varchar, $16::uuid, $17::uuid, $18::uuid, $19::jsonb, $12::timestamptz)) AS e (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) WHERE EXISTS (SELECT 1 FROM gate))` +
  ` SELECT eenplan_plan_change_conflict($4, $5) WHERE NOT EXISTS (SELECT FROM gate)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROUTE = 'PATCH /api/v1/households/:householdId/plan/actions/:actionId';

export interface SchemaActor {
  tenantId: string;
  actorId: string;
}

interface ReadRow {
  plan_json: { id: string; version: number; access_epoch: number } | null;
  goals_json: unknown[];
  actions_json: Array<{ id: string }>;
  network_json: unknown[];
  resources_json: unknown[];
  access_is_coordinator: boolean;
}

/** Requests: `PATCH /{householdId}/{actionId}` with `If-Match: "<version>"` and `{ "description": … }`, the actor a coordinator of each case. */
export async function rawPlanChangeOnSchema(ownerUrl: string, appUrl: string, who: SchemaActor, poolSize: number, limits: TimeLimits): Promise<RawServer> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const organisationId = (await owner.query<{ organisation_id: string }>('SELECT organisation_id FROM professional WHERE id = $1', [who.actorId])).rows[0]!.organisation_id;
  await owner.end();
  const actor: Actor = { kind: 'professional', professionalId: who.actorId, tenantId: who.tenantId, organisationId, roles: ['coordinator'] };
  // builds SQL and parameters only: it never reaches the database through its transaction host
  const access = new AccessRepository(undefined as unknown as TransactionHost);
  const read = readStatement(access, actor);
  const audits = new AuditRepository(undefined as unknown as TransactionHost);
  // the application's pool client with the application's limits: it holds a begin back for the first statement
  const pool = new pg.Pool({ connectionString: appUrl, max: poolSize, ...poolLimits(limits) });
  // the relays' wake-up after each commit, coalesced as the application's `OutboxWakeUp` does
  let notifying = false;
  let again = false;
  const wakeRelays = (): void => {
    if (notifying) {
      again = true;
      return;
    }
    notifying = true;
    pool
      .query("SELECT pg_notify('outbox_event', '')")
      .catch(() => undefined)
      .finally(() => {
        notifying = false;
        if (again) {
          again = false;
          wakeRelays();
        }
      });
  };
  return serve(pool, async (req, res) => {
    const [, householdId = '', actionId = ''] = (req.url ?? '/').split('/');
    if (!UUID.test(householdId) || !UUID.test(actionId)) {
      res.writeHead(404).end();
      return;
    }
    const expected = Number(String(req.headers['if-match'] ?? '').replace(/"/g, ''));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { description } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { description: string };
    const client = await pool.connect();
    if (!isTransactionFrame(client)) throw new Error("(c) needs the application's pool client");
    const refuse = async (status: number) => {
      await client.query('ROLLBACK');
      res.writeHead(status).end();
    };
    try {
      client.holdBegin(who.tenantId);
      const now = new Date();
      const values = statementValues(read, { ...access.visibilityParams(actor, now.toISOString().slice(0, 10), now), householdId });
      const row = (await client.query<ReadRow>({ name: read.name, text: read.text, values })).rows[0];
      if (!row?.plan_json || !row.access_is_coordinator || !row.actions_json.some((a) => a.id === actionId)) return await refuse(404);
      if (row.plan_json.version !== expected) return await refuse(412);
      const version = expected + 1;
      const plan = {
        ...row.plan_json,
        version,
        updated_by_id: who.actorId,
        updated_at: now,
        goals: row.goals_json,
        actions: row.actions_json.map((a) => (a.id === actionId ? { ...a, description, updated_at: now } : a)),
        networkMembers: row.network_json,
        communityResources: row.resources_json,
      };
      const changes = [{ op: 'update', target: 'action', id: actionId, fields: ['description'] }];
      const payload = { version, targets: ['action'], domainCodes: [] };
      // as the application does: the change raises EP412 when the plan moved on, and travels with the audit INSERT
      // and COMMIT
      client.holdWrite({
        name: 'bench_c_change',
        text: CHANGE,
        values: [description, who.actorId, now, row.plan_json.id, expected, actionId, who.tenantId, JSON.stringify(plan), JSON.stringify(changes), who.actorId, now, now, who.tenantId, 'plan.updated', 'plan', row.plan_json.id, householdId, who.actorId, JSON.stringify(payload), row.plan_json.access_epoch],
      });
      const [audit] = audits.insertStatements([
        {
          tenantId: who.tenantId, occurredAt: now, action: 'update', outcome: 'success', actorKind: 'professional', professionalId: who.actorId, apiClientId: null,
          organisationId, roles: ['coordinator'], onBehalfOfOrganisationId: null, resourceType: 'action', resourceId: actionId, householdId, memberIds: [],
          purpose: 'case_coordination', legalBasis: 'coordinator', consentId: null, route: ROUTE, httpStatus: 200, requestId: randomUUID(), sourceAddress: '127.0.0.1', callerRequestId: null,
        },
      ]);
      try {
        await client.commitWith([audit!]);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EP412') return await refuse(412);
        throw error;
      }
      wakeRelays();
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${version}"` }).end(JSON.stringify(plan));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}
