import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compactVerify, importJWK } from 'jose';
import pg from 'pg';
import request from 'supertest';
import type { ChainForm } from '../../src/audit/audit-chain.js';
import { AuditKeyring } from '../../src/audit/audit-keys.js';
import { AuditSealer } from '../../src/audit/audit-sealer.service.js';
import { sealRound } from '../../src/audit/audit-sealing.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { TransactionHost } from '../../src/database/transaction-host.js';
import { bearer, createProfessional, createTenantFixture, expectProblem, startTestApp, systemDb, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';

/**
 * Audit trail v2 (issue 11 items 2 and 3): the sealer chains and signs off the request path; verification — the API
 * and `npm run audit:verify` — finds every kind of cut and names its sequence number. Each cut is made as the
 * database owner would (triggers off: `session_replication_role = replica`), in a tenant of its own.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let c: ReturnType<typeof caseApi>;
let checkpointDir: string;

beforeAll(async () => {
  checkpointDir = await mkdtemp(path.join(os.tmpdir(), 'eenplan-checkpoints-'));
  t = await startTestApp({ AUDIT_CHECKPOINT_DIR: checkpointDir });
  c = caseApi(t);
});

afterAll(async () => {
  await t?.close();
});

const api = () => request(t.http);
const seal = () => t.app.get(AuditSealer).sealNow();

/**
 * A tenant with a household read `reads` times through the API, plus `copies` more events written directly (copies
 * of its first event, without a request id): sealed. The cuts below remove only copies — events of requests the
 * suite-wide audit ledger checks must stay. Returns the sequence numbers of the copies (or of all events).
 */
async function trail(name: string, reads: number, copies = 0): Promise<{ f: TenantFixture; seqs: number[] }> {
  const f = await createTenantFixture(t.app, name);
  const householdId = await c.registerHousehold(f.coordinator);
  for (let i = 0; i < reads; i++) expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
  await copyEvents(f, copies);
  await seal();
  const rows = await systemDb(t.app).query<Array<{ seq: string }>>(
    `SELECT seq FROM audit_event WHERE tenant_id = $1 AND ($2 = 0 OR request_id IS NULL) ORDER BY seq`,
    [f.tenantId, copies],
  );
  return { f, seqs: rows.map((r) => Number(r.seq)) };
}

/** `n` copies of the tenant's first event, without a request id (as system work may write them). */
async function copyEvents(f: TenantFixture, n: number): Promise<void> {
  if (n === 0) return;
  await systemDb(t.app).query(
    `INSERT INTO audit_event (tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status)
     SELECT tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status
     FROM (SELECT * FROM audit_event WHERE tenant_id = $1 ORDER BY seq LIMIT 1) first, generate_series(1, $2)`,
    [f.tenantId, n],
  );
}

/** The tenant's stored checkpoints as a party outside Eenplan would hold them (read directly: no audited request). */
async function heldCheckpoints(f: TenantFixture): Promise<Array<{ number: number; last_seq: string; jws: string }>> {
  return systemDb(t.app).query('SELECT number, last_seq, jws FROM audit_checkpoint WHERE tenant_id = $1 ORDER BY number', [f.tenantId]);
}

/** Runs statements as the owner with the append-only triggers off — what only the database owner can do. */
async function asOwner(...statements: Array<[string, unknown[]]>): Promise<void> {
  const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  try {
    await owner.query('SET session_replication_role = replica');
    for (const [sql, params] of statements) await owner.query(sql, params);
  } finally {
    await owner.end();
  }
}

const verify = async (f: TenantFixture, checkpoints?: string[]) => {
  const response = checkpoints
    ? await api().post('/api/v1/audit/verify').set(bearer(f.admin)).send({ checkpoints })
    : await api().get('/api/v1/audit/verify').set(bearer(f.admin));
  expect(response.status).toBe(200);
  return response.body as { ok: boolean; firstBrokenSeq: number | null; reason: string | null; verified: number };
};

const checkpointsOf = async (f: TenantFixture) => {
  const response = await api().get('/api/v1/audit/checkpoints?limit=100').set(bearer(f.admin));
  expect(response.status).toBe(200);
  return response.body as { items: Array<{ number: number; lastSeq: number; count: number; total: number; form: number; jws: string; tenantId: string }>; publicKey: Record<string, unknown> };
};

/** Seals what waits as an older sealer did: months without a chain yet start in `form` (1 before form 2, 2 before form 3). */
async function sealAsBefore(form: ChainForm): Promise<void> {
  const tx = t.app.get(TransactionHost);
  await tx.runAsSystem(() =>
    tx.run(() => sealRound(t.app.get(AuditRepository).sealStore(), t.app.get(AuditKeyring), { batch: 10_000, lookbackMs: 120_000, now: new Date(), newMonthForm: form })),
  );
}

describe('sealing and checkpoints', () => {
  it('seals every event into a signed checkpoint, published to administrators and privacy officers and appended to AUDIT_CHECKPOINT_DIR', async () => {
    const { f, seqs } = await trail('Zegelgemeente', 3);
    const published = await checkpointsOf(f);
    expect(published.items).toHaveLength(1);
    const [checkpoint] = published.items;
    expect(checkpoint).toMatchObject({ tenantId: f.tenantId, number: 1, lastSeq: seqs[seqs.length - 1], count: 4, total: 4, form: 3 });
    // anyone holding the public key can check a checkpoint outside Eenplan
    const { payload } = await compactVerify(checkpoint!.jws, await importJWK(published.publicKey, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ tenantId: f.tenantId, number: 1, count: 4, form: 3 });
    const lines = (await readFile(path.join(checkpointDir, `${f.tenantId}.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { jws: string });
    expect(lines.map((l) => l.jws)).toEqual([checkpoint!.jws]);

    const privacyOfficer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: f.ownOrganisationId, roles: ['privacy_officer'] });
    expect((await api().get('/api/v1/audit/checkpoints').set(bearer(privacyOfficer))).status).toBe(200);
    expectProblem(await api().get('/api/v1/audit/checkpoints').set(bearer(f.coordinator)), 403);
    expectProblem(await api().post('/api/v1/audit/verify').set(bearer(f.admin)).send({ checkpoints: 'not a list' }), 400);
  });

  it('an event that commits after a later-numbered one was sealed goes into the next batch (the look-back)', async () => {
    // a sequence number handed out first, its event committed only after later events were sealed
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      const [{ seq }] = (await owner.query<{ seq: string }>(`SELECT nextval('audit_event_seq') AS seq`)).rows as [{ seq: string }];
      const { f } = await trail('Laatkomersgemeente', 1);
      await owner.query(
        `INSERT INTO audit_event (seq, tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status)
         SELECT $1, tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status
         FROM (SELECT * FROM audit_event WHERE tenant_id = $2 ORDER BY seq LIMIT 1) first`,
        [seq, f.tenantId],
      );
      await seal();
      const seals = await systemDb(t.app).query<Array<{ batch: number }>>('SELECT batch FROM audit_seal WHERE seq = $1', [seq]);
      expect(seals).toEqual([{ batch: 2 }]);
      expect(await verify(f)).toMatchObject({ ok: true, firstBrokenSeq: null });
    } finally {
      await owner.end();
    }
  });

  it('the next batch continues the chain: a second checkpoint, numbered on', async () => {
    const { f } = await trail('Vervolggemeente', 1);
    await api().get('/api/v1/audit/verify').set(bearer(f.admin));
    await seal();
    const { items } = await checkpointsOf(f);
    expect(items.map((i) => [i.number, i.total])).toEqual([[1, 2], [2, 3]]);
    expect(await verify(f)).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});

describe('chain forms', () => {
  it('a month chained in form 1 (before form 2) goes on in form 1, verifies by API and CLI, and an edit in it is found by both', async () => {
    const f = await createTenantFixture(t.app, 'Vormeengemeente');
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
    await sealAsBefore(1);
    expect((await checkpointsOf(f)).items.map((i) => i.form)).toEqual([1]);
    // today's sealer extends the month in the form it was started in; a checkpoint of form 1 is signed as before (no form)
    await copyEvents(f, 2);
    await seal();
    const { items, publicKey } = await checkpointsOf(f);
    expect(items.map((i) => [i.number, i.form])).toEqual([[1, 1], [2, 1]]);
    const { payload } = await compactVerify(items[1]!.jws, await importJWK(publicKey, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).not.toHaveProperty('form');
    expect(await verify(f)).toMatchObject({ ok: true, checkpoints: 2 });
    const clean = await auditVerifyCli(['--tenant', f.tenantId]);
    expect(clean.stdout).toMatch(new RegExp(`${f.tenantId}: ok — \\d+ events, 2 checkpoints`));

    const [{ seq }] = await systemDb(t.app).query<[{ seq: string }]>('SELECT max(seq) AS seq FROM audit_seal WHERE tenant_id = $1', [f.tenantId]);
    await asOwner([`UPDATE audit_event SET http_status = 204 WHERE seq = $1`, [seq]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: Number(seq), reason: 'event_altered' });
    await expectCliCut(f, Number(seq), 'event_altered');
  });

  it('a month chained in form 2 (before form 3) goes on in form 2, verifies by API and CLI, and an event lost with its seal is found by both', async () => {
    const f = await createTenantFixture(t.app, 'Vormtweegemeente');
    const householdId = await c.registerHousehold(f.coordinator);
    expect((await api().get(`/api/v1/households/${householdId}`).set(bearer(f.coordinator))).status).toBe(200);
    await sealAsBefore(2);
    await copyEvents(f, 3);
    await seal();
    const { items, publicKey } = await checkpointsOf(f);
    expect(items.map((i) => [i.number, i.form])).toEqual([[1, 2], [2, 2]]);
    const { payload } = await compactVerify(items[1]!.jws, await importJWK(publicKey, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ number: 2, form: 2 });
    expect(await verify(f)).toMatchObject({ ok: true, checkpoints: 2 });
    const clean = await auditVerifyCli(['--tenant', f.tenantId]);
    expect(clean.stdout).toMatch(new RegExp(`${f.tenantId}: ok — \\d+ events, 2 checkpoints`));

    const copies = await systemDb(t.app).query<Array<{ seq: string }>>('SELECT seq FROM audit_seal WHERE tenant_id = $1 AND batch = 2 ORDER BY seq', [f.tenantId]);
    const [, second, third] = copies.map((r) => Number(r.seq));
    await asOwner([`DELETE FROM audit_event WHERE seq = $1`, [second]], [`DELETE FROM audit_seal WHERE seq = $1`, [second]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: third, reason: 'chain_broken' });
    await expectCliCut(f, third!, 'chain_broken');
  });

  it("a checkpoint's form changed in the database: its signature no longer matches", async () => {
    const { f, seqs } = await trail('Vormwisselgemeente', 1);
    await asOwner([`UPDATE audit_checkpoint SET form = 1 WHERE tenant_id = $1`, [f.tenantId]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[seqs.length - 1], reason: 'checkpoint_forged' });
    await expectCliCut(f, seqs[seqs.length - 1]!, 'checkpoint_forged');
    // the sealer leaves that chain for investigation and goes on with the others
    const other = await trail('Buurvormgemeente', 1);
    await copyEvents(f, 1);
    await seal();
    expect(await heldCheckpoints(f)).toHaveLength(1);
    expect(await verify(other.f)).toMatchObject({ ok: true });
  });
});

describe('verification finds every cut and names its sequence number', () => {
  it('an edited event', async () => {
    const { f, seqs } = await trail('Bewerkgemeente', 0, 3);
    await asOwner([`UPDATE audit_event SET purpose = 'supervision' WHERE seq = $1`, [seqs[1]]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[1], reason: 'event_altered' });
    await expectCliCut(f, seqs[1]!, 'event_altered');
  });

  it('a deleted event (its seal left)', async () => {
    const { f, seqs } = await trail('Wisgemeente', 0, 3);
    await asOwner([`DELETE FROM audit_event WHERE seq = $1`, [seqs[1]]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[1], reason: 'event_missing' });
    await expectCliCut(f, seqs[1]!, 'event_missing');
  });

  it('a deleted event with its seal', async () => {
    const { f, seqs } = await trail('Spoorloosgemeente', 0, 3);
    await asOwner([`DELETE FROM audit_event WHERE seq = $1`, [seqs[1]]], [`DELETE FROM audit_seal WHERE seq = $1`, [seqs[1]]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[2], reason: 'chain_broken' });
    await expectCliCut(f, seqs[2]!, 'chain_broken');
  });

  it('a truncated tail with its checkpoint: consistent in itself, cut against a checkpoint held outside (API and CLI)', async () => {
    const { f } = await trail('Staartgemeente', 0, 2);
    await copyEvents(f, 2);
    await seal();
    const held = await heldCheckpoints(f);
    expect(held.map((h) => h.number)).toEqual([1, 2]);
    const tail = Number(held[1]!.last_seq);
    const cut = await systemDb(t.app).query<Array<{ seq: string }>>('SELECT seq FROM audit_seal WHERE tenant_id = $1 AND batch = 2', [f.tenantId]);
    await asOwner(
      [`DELETE FROM audit_event WHERE seq = ANY($1::bigint[])`, [cut.map((r) => r.seq)]],
      [`DELETE FROM audit_seal WHERE seq = ANY($1::bigint[])`, [cut.map((r) => r.seq)]],
      [`DELETE FROM audit_checkpoint WHERE tenant_id = $1 AND number = 2`, [f.tenantId]],
    );
    expect((await verify(f, [held[0]!.jws])).ok).toBe(true);
    expect(await verify(f, held.map((h) => h.jws))).toMatchObject({ ok: false, firstBrokenSeq: tail, reason: 'truncated' });

    const file = path.join(checkpointDir, `held-${f.tenantId}.jsonl`);
    await writeFile(file, held.map((h) => JSON.stringify(h)).join('\n'));
    const run = await auditVerifyCli(['--tenant', f.tenantId, '--checkpoints', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`CUT at sequence ${tail} — truncated`);
    const clean = await auditVerifyCli(['--tenant', f.tenantId]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`${f.tenantId}: ok`);

    // sealing goes on (the verify requests' events): a new checkpoint 2 that disagrees with the one held outside
    await seal();
    expect(await verify(f, held.map((h) => h.jws))).toMatchObject({ ok: false, firstBrokenSeq: tail, reason: 'checkpoint_mismatch' });
  });

  it('an event with text beyond ASCII and JSON escapes verifies by API and CLI; one character changed is found by both', async () => {
    // the CLI feeds PostgreSQL's bytes to the HMAC, the sealer and the API its text: the same canonical form
    const { f } = await trail('Tekengemeente', 1);
    const route = 'GET /gemeente/Zoë/€/😀 "quoted" \\ back\u0001\ttab\nline';
    await systemDb(t.app).query(
      `INSERT INTO audit_event (tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, route, http_status)
       SELECT tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, household_id, member_ids, purpose, legal_basis, $2, http_status
       FROM (SELECT * FROM audit_event WHERE tenant_id = $1 ORDER BY seq LIMIT 1) first`,
      [f.tenantId, route],
    );
    await seal();
    const [{ seq }] = await systemDb(t.app).query<[{ seq: string }]>('SELECT seq FROM audit_event WHERE tenant_id = $1 AND route = $2', [f.tenantId, route]);
    expect(await verify(f)).toMatchObject({ ok: true });
    const clean = await auditVerifyCli(['--tenant', f.tenantId]);
    expect(clean.stdout).toContain(`${f.tenantId}: ok`);
    expect(clean.code).toBe(0);
    await asOwner([`UPDATE audit_event SET route = replace(route, 'ë', 'e') WHERE seq = $1`, [seq]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: Number(seq), reason: 'event_altered' });
    await expectCliCut(f, Number(seq), 'event_altered');
  });

  it('a month rewritten as the owner — checkpoints removed, seals put outside any batch, events edited — is a cut; the database refuses such a seal', async () => {
    const { f, seqs } = await trail('Herschrijfgemeente', 0, 3);
    // the database refuses a seal outside the batches, even to the owner with the triggers off …
    await expect(asOwner([`UPDATE audit_seal SET batch = 0 WHERE seq = $1`, [seqs[0]]])).rejects.toThrow(/ck_audit_seal_batch/);
    // … and with that check dropped, verification names the cut (the check is put back for the rest of the suite)
    try {
      await asOwner(
        ['ALTER TABLE audit_seal DROP CONSTRAINT ck_audit_seal_batch', []],
        [`DELETE FROM audit_checkpoint WHERE tenant_id = $1`, [f.tenantId]],
        [`UPDATE audit_seal SET batch = 0 WHERE tenant_id = $1`, [f.tenantId]],
        [`UPDATE audit_event SET purpose = 'supervision' WHERE seq = $1`, [seqs[1]]],
      );
      const [{ first }] = await systemDb(t.app).query<[{ first: string }]>('SELECT min(seq) AS first FROM audit_seal WHERE tenant_id = $1', [f.tenantId]);
      expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: Number(first), reason: 'checkpoint_missing' });
      await expectCliCut(f, Number(first), 'checkpoint_missing');
    } finally {
      await asOwner(['ALTER TABLE audit_seal ADD CONSTRAINT ck_audit_seal_batch CHECK (batch > 0) NOT VALID', []]);
    }
  });

  it('the CLI refuses a municipality id that does not exist (a mistyped id verified as "ok — 0 events")', async () => {
    const run = await auditVerifyCli(['--tenant', '00000000-0000-4000-8000-000000000000']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('No municipality has the id 00000000-0000-4000-8000-000000000000');
    expect(run.stdout).not.toContain('ok');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a forged checkpoint', async () => {
    const { f, seqs } = await trail('Vervalsgemeente', 2);
    await asOwner([`UPDATE audit_checkpoint SET count = count + 1, total = total + 1 WHERE tenant_id = $1`, [f.tenantId]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[seqs.length - 1], reason: 'checkpoint_forged' });
  });

  it('a missing checkpoint (the chain head removed, its seals kept)', async () => {
    const { f, seqs } = await trail('Hoofdloosgemeente', 2);
    await asOwner([`DELETE FROM audit_checkpoint WHERE tenant_id = $1`, [f.tenantId]]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: seqs[seqs.length - 1], reason: 'checkpoint_missing' });
  });

  it('an event written past the sealer, older than the look-back, is reported unsealed', async () => {
    const { f } = await trail('Ongezegeldgemeente', 1);
    const [row] = await systemDb(t.app).query<Array<Record<string, unknown>>>('SELECT * FROM audit_event WHERE tenant_id = $1 LIMIT 1', [f.tenantId]);
    const [{ seq }] = await systemDb(t.app).query<[{ seq: string }]>(`SELECT min(seq) - 1 AS seq FROM audit_seal`);
    await asOwner([
      `INSERT INTO audit_event (seq, recorded_at, tenant_id, occurred_at, action, outcome, actor_kind, professional_id, organisation_id, roles, resource_type, member_ids, purpose, legal_basis, route, http_status)
       VALUES ($1, now() - interval '5 minutes', $2, now(), 'read', 'success', 'professional', $3, $4, $5, 'household', '{}', 'case_coordination', 'coordinator', 'GET /x', 200)`,
      [seq, f.tenantId, row!.professional_id, row!.organisation_id, row!.roles],
    ]);
    expect(await verify(f)).toMatchObject({ ok: false, firstBrokenSeq: Number(seq), reason: 'unsealed' });
  });
});

/** `npm run audit:verify` for the tenant finds the same cut as the API. */
async function expectCliCut(f: TenantFixture, seq: number, reason: string): Promise<void> {
  const run = await auditVerifyCli(['--tenant', f.tenantId]);
  expect(run.stdout).toContain(`${f.tenantId}: CUT at sequence ${seq} — ${reason}`);
  expect(run.code).toBe(1);
}

function auditVerifyCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'dist/src/cli/audit-verify.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', DATA_DIR: process.env.TEST_DATA_DIR ?? '', DATABASE_URL: process.env.DATABASE_URL ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
