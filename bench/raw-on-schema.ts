import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { serve, type RawServer } from './raw-baselines.js';

/**
 * (c) The plan change as Eenplan's own statements on Eenplan's own schema, without Eenplan's node: a raw node:http +
 * pg server, logged in as the application role (row-level security on), sending what the application sends for
 * `PATCH …/plan/actions/{id}` — `START TRANSACTION` with the tenant setting; the case with the need-to-know check and
 * the plan's aggregate in one statement; the version-gated change with the action, the revision (a snapshot of the
 * plan) and the outbox event in one statement; the audit row with `COMMIT`. The statements are copies of what the
 * application sent at the time of writing (captured from `pg_stat_statements`); they drift if the application's
 * change, so this baseline is a measuring aid, not a contract.
 *
 * It splits the distance between Eenplan and the baseline (bare tables: no row-level security, foreign keys,
 * triggers, partitions, access check or snapshot) into the part the schema and its SQL cost and the part the
 * application's node side costs (docs/benchmarks.md, "The plan change on Eenplan's schema").
 */

/** Parameters: $1 actor, $2 actor's organisation, $3 today, $4 now, $5 household, $6 tenant. */
const READ = `SELECT to_json(p) AS plan_json,
  (SELECT COALESCE(json_agg(g ORDER BY g.position, g.id), '[]'::json) FROM plan_goal g WHERE g.plan_id = p.id) AS goals_json,
  (SELECT COALESCE(json_agg(a ORDER BY a.created_at, a.id), '[]'::json) FROM plan_action a WHERE a.plan_id = p.id) AS actions_json,
  (SELECT COALESCE(json_agg(n ORDER BY n.name, n.id), '[]'::json) FROM plan_network_member n WHERE n.plan_id = p.id) AS network_json,
  (SELECT COALESCE(json_agg(r ORDER BY r.name, r.id), '[]'::json) FROM plan_community_resource r WHERE r.plan_id = p.id) AS resources_json,
  EXISTS (SELECT 1 FROM coordinator_assignment bca WHERE bca.household_id = h.id AND (bca.ended_at IS NULL OR bca.overlap_until > now()) AND bca.professional_id = $1) AS access_is_coordinator,
  (SELECT bct.basis FROM care_team_link bct WHERE bct.household_id = h.id AND (bct.professional_id = $1 OR (bct.professional_id IS NULL AND bct.organisation_id = $2)) AND bct.ended_at IS NULL AND bct.starts_on <= CAST($3 AS date) AND (bct.ends_on IS NULL OR bct.ends_on >= CAST($3 AS date)) AND (CASE WHEN bct.consent_id IS NULL THEN bct.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = bct.consent_id AND cs.withdrawn_at IS NULL AND cs.valid_from <= CAST($3 AS date) AND (cs.valid_until IS NULL OR cs.valid_until >= CAST($3 AS date))) END) ORDER BY (bct.professional_id IS NULL), bct.created_at LIMIT 1) AS access_link_basis,
  (SELECT bct.consent_id FROM care_team_link bct WHERE bct.household_id = h.id AND (bct.professional_id = $1 OR (bct.professional_id IS NULL AND bct.organisation_id = $2)) AND bct.ended_at IS NULL AND bct.starts_on <= CAST($3 AS date) AND (bct.ends_on IS NULL OR bct.ends_on >= CAST($3 AS date)) AND (CASE WHEN bct.consent_id IS NULL THEN bct.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = bct.consent_id AND cs.withdrawn_at IS NULL AND cs.valid_from <= CAST($3 AS date) AND (cs.valid_until IS NULL OR cs.valid_until >= CAST($3 AS date))) END) ORDER BY (bct.professional_id IS NULL), bct.created_at LIMIT 1) AS access_link_consent_id,
  EXISTS (SELECT 1 FROM emergency_access ea WHERE ea.household_id = h.id AND ea.professional_id = $1 AND ea.ended_at IS NULL AND ea.granted_at <= CAST($4 AS timestamptz) AND ea.expires_at > CAST($4 AS timestamptz)) AS access_is_emergency,
  (SELECT coalesce(json_agg(json_build_object('linkId', gct.id, 'domains', gct.scope_domains, 'memberIds', gct.scope_member_ids, 'bsn', gct.scope_bsn, 'contactNotes', gct.scope_contact_notes, 'consentId', gc.id, 'consentDomains', gc.scope_domains, 'consentMemberId', gc.member_id) ORDER BY gct.created_at, gct.id), '[]') FROM care_team_link gct LEFT JOIN consent gc ON gc.id = gct.consent_id WHERE gct.household_id = h.id AND (gct.professional_id = $1 OR (gct.professional_id IS NULL AND gct.organisation_id = $2)) AND gct.ended_at IS NULL AND gct.starts_on <= CAST($3 AS date) AND (gct.ends_on IS NULL OR gct.ends_on >= CAST($3 AS date)) AND (CASE WHEN gct.consent_id IS NULL THEN gct.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = gct.consent_id AND cs.withdrawn_at IS NULL AND cs.valid_from <= CAST($3 AS date) AND (cs.valid_until IS NULL OR cs.valid_until >= CAST($3 AS date))) END)) AS access_grants,
  (SELECT aca.professional_id FROM coordinator_assignment aca WHERE aca.household_id = h.id AND aca.ended_at IS NULL LIMIT 1) AS access_active_coordinator_id,
  to_json(h) AS household_json
FROM household h LEFT JOIN plan p ON p.household_id = h.id
WHERE h.id = $5 AND (h.tenant_id = $6 AND (
  EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.household_id = h.id AND (ca.ended_at IS NULL OR ca.overlap_until > now()) AND ca.professional_id = $1)
  OR EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = h.id AND (ct.professional_id = $1 OR (ct.professional_id IS NULL AND ct.organisation_id = $2)) AND ct.ended_at IS NULL AND ct.starts_on <= CAST($3 AS date) AND (ct.ends_on IS NULL OR ct.ends_on >= CAST($3 AS date)) AND (CASE WHEN ct.consent_id IS NULL THEN ct.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = ct.consent_id AND cs.withdrawn_at IS NULL AND cs.valid_from <= CAST($3 AS date) AND (cs.valid_until IS NULL OR cs.valid_until >= CAST($3 AS date))) END))
  OR EXISTS (SELECT 1 FROM emergency_access ea WHERE ea.household_id = h.id AND ea.professional_id = $1 AND ea.ended_at IS NULL AND ea.granted_at <= CAST($4 AS timestamptz) AND ea.expires_at > CAST($4 AS timestamptz))
  OR (h.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM coordinator_assignment v WHERE v.household_id = h.id AND v.ended_at IS NULL))))`;

/** The version gate, the action, the revision and the outbox event in one statement, as `PlansRepository.changeAction` writes it. */
const CHANGE =
  `WITH gate AS (UPDATE plan SET version = version + 1, updated_by_id = $2, updated_at = $3 WHERE id = $4 AND version = $5 RETURNING id, version),` +
  ` action AS (UPDATE plan_action SET description = $1, updated_at = CURRENT_TIMESTAMP WHERE id = $6 AND plan_id = (SELECT id FROM gate)),` +
  ` revision AS (INSERT INTO plan_revision (tenant_id, plan_id, number, snapshot, changes, changed_by_id, changed_at) SELECT $7::uuid, gate.id, gate.version, $8::jsonb, $9::jsonb, $10::uuid, $11::timestamptz FROM gate),` +
  ` also AS (INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) SELECT e.* FROM (VALUES ($13::uuid, $14::varchar, $15::varchar, $16::uuid, $17::uuid, $18::uuid, $19::jsonb, $12::timestamptz)) AS e (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at) WHERE EXISTS (SELECT 1 FROM gate))` +
  ` SELECT version FROM gate`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ROUTE = 'PATCH /api/v1/households/:householdId/plan/actions/:actionId';

export interface SchemaActor {
  tenantId: string;
  actorId: string;
}

interface ReadRow {
  plan_json: { id: string; version: number } | null;
  goals_json: unknown[];
  actions_json: Array<{ id: string }>;
  network_json: unknown[];
  resources_json: unknown[];
  access_is_coordinator: boolean;
}

/** Requests: `PATCH /{householdId}/{actionId}` with `If-Match: "<version>"` and `{ "description": … }`, the actor a coordinator of each case. */
export async function rawPlanChangeOnSchema(ownerUrl: string, appUrl: string, who: SchemaActor, poolSize: number): Promise<RawServer> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const organisationId = (await owner.query<{ organisation_id: string }>('SELECT organisation_id FROM professional WHERE id = $1', [who.actorId])).rows[0]!.organisation_id;
  await owner.end();
  // literals only of ids this benchmark made (uuids), as the application's simple-protocol messages carry them
  const begin = `START TRANSACTION; SELECT set_config('app.tenant_id', '${who.tenantId}', true)`;
  const pool = new pg.Pool({ connectionString: appUrl, max: poolSize });
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
    const refuse = async (status: number) => {
      await client.query('ROLLBACK');
      res.writeHead(status).end();
    };
    try {
      await client.query(begin);
      const now = new Date();
      const read = await client.query<ReadRow>({ name: 'bench_c_read', text: READ, values: [who.actorId, organisationId, now.toISOString().slice(0, 10), now, householdId, who.tenantId] });
      const row = read.rows[0];
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
      const written = await client.query<{ version: number }>({
        name: 'bench_c_change',
        text: CHANGE,
        values: [description, who.actorId, now, row.plan_json.id, expected, actionId, who.tenantId, JSON.stringify(plan), JSON.stringify(changes), who.actorId, now, now, who.tenantId, 'plan.updated', 'plan', row.plan_json.id, householdId, who.actorId, JSON.stringify(payload)],
      });
      if (written.rows.length === 0) return await refuse(412);
      await client.query(
        `INSERT INTO audit_event (tenant_id, occurred_at, action, outcome, actor_kind, professional_id, api_client_id, organisation_id, roles, on_behalf_of_organisation_id, resource_type, resource_id, household_id, member_ids, purpose, legal_basis, consent_id, route, http_status, request_id, source_address, caller_request_id)` +
          ` VALUES ('${who.tenantId}', '${now.toISOString()}', 'update', 'success', 'professional', '${who.actorId}', NULL, '${organisationId}', '{coordinator}', NULL, 'action', '${actionId}', '${householdId}', '{}', 'case_coordination', 'coordinator', NULL, '${ROUTE}', 200, '${randomUUID()}', '127.0.0.1', NULL); COMMIT`,
      );
      res.writeHead(200, { 'content-type': 'application/json', etag: `"${version}"` }).end(JSON.stringify(plan));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
}
