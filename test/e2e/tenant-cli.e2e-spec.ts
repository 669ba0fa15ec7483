import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { TenantProvisioningService } from '../../src/provisioning/tenant-provisioning.service.js';
import { bearer, startTestApp, systemDb, tokenFor, uniqueSuffix, type TestApp } from './harness/index.js';

const CLI = path.resolve('dist/src/cli/tenant.js');
/** Each run boots Node, the database pools and the tenants module: slow on a busy two-core machine. */
const SLOW = 240_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command (npm test builds first), on the test database. */
function tenantCli(...args: string[]): Promise<Run> {
  return tenantCliWith({}, ...args);
}

function tenantCliWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, NODE_ENV: 'test', DEMO_DATA: 'false', DATA_DIR: process.env.TEST_DATA_DIR, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const idOf = (stdout: string, label: string) => new RegExp(`${label}\\s+([0-9a-f-]{36})`).exec(stdout)?.[1];
const oneLineWithoutStack = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
};

describe('npm run tenant: setting up a municipality without SQL', () => {
  let t: TestApp;
  const api = () => request(t.http);

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates a municipality with its life domains, its own team and a first admin who can sign in, and prints their ids', async () => {
    const name = `Gemeente Zuidwaard ${uniqueSuffix()}`;
    const run = await tenantCli('create', '--name', name, '--admin-email', 'Beheer@Zuidwaard.example.nl');
    expect(run).toMatchObject({ code: 0 });
    const tenantId = idOf(run.stdout, 'tenant id')!;
    const organisationId = idOf(run.stdout, 'organisation id')!;
    const adminId = idOf(run.stdout, 'admin id')!;
    expect([tenantId, organisationId, adminId].every(Boolean)).toBe(true);
    expect(run.stdout).not.toContain('zuidwaard.example.nl');

    const db = systemDb(t.app);
    const [tenant] = (await db.query('SELECT name, slug FROM tenant WHERE id = $1', [tenantId])) as Array<{ name: string; slug: string }>;
    expect(tenant).toEqual({ name, slug: name.toLowerCase().replace(/ /g, '-') });
    expect(((await db.query('SELECT count(*)::int AS n FROM life_domain WHERE tenant_id = $1 AND active', [tenantId])) as Array<{ n: number }>)[0]!.n).toBe(14);
    expect(await db.query('SELECT id, kind, is_intake_team FROM organisation WHERE tenant_id = $1', [tenantId])).toEqual([{ id: organisationId, kind: 'municipal_team', is_intake_team: true }]);
    const [admin] = (await db.query('SELECT id, organisation_id, email, roles, auth_subject FROM professional WHERE tenant_id = $1', [tenantId])) as Array<{
      id: string;
      organisation_id: string;
      email: string;
      roles: string[];
      auth_subject: string;
    }>;
    expect(admin).toMatchObject({ id: adminId, organisation_id: organisationId, email: 'beheer@zuidwaard.example.nl', roles: ['admin'] });
    expect(await db.query(`SELECT actor_kind, action FROM operations_log WHERE target_tenant_id = $1`, [tenantId])).toEqual([{ actor_kind: 'operator', action: 'tenant.create' }]);

    // the first admin can get to work: add the municipality's first professional through the API
    const token = await tokenFor(t.app, admin!.auth_subject);
    const domains = await api().get('/api/v1/life-domains').set(bearer(token));
    expect(domains.status).toBe(200);
    expect(domains.body).toHaveLength(14);
    const created = await api()
      .post('/api/v1/professionals')
      .set(bearer(token))
      .send({ organisationId, name: 'Eerste Regisseur', email: `regisseur.${uniqueSuffix()}@example.nl`, roles: ['coordinator'] });
    expect(created.status).toBe(201);
  }, SLOW);

  it('refuses a name that exists already, whatever its case, in one clear line and without a second municipality', async () => {
    const name = `Gemeente Noordhaven ${uniqueSuffix()}`;
    expect((await tenantCli('create', '--name', name, '--admin-email', 'a@noordhaven.example.nl')).code).toBe(0);
    const again = await tenantCli('create', '--name', name.toUpperCase(), '--admin-email', 'b@noordhaven.example.nl', '--slug', `other-${uniqueSuffix()}`);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(oneLineWithoutStack(again.stderr)).toMatch(/^Municipality ".*" already exists \(id [0-9a-f-]{36}, slug [a-z0-9-]+\): choose another name\.$/);
    const rows = (await systemDb(t.app).query('SELECT count(*)::int AS n FROM tenant WHERE lower(name) = lower($1)', [name])) as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(1);
    expect((await systemDb(t.app).query(`SELECT count(*)::int AS n FROM professional WHERE email = 'b@noordhaven.example.nl'`))[0].n).toBe(0);
  }, SLOW);

  it('the database refuses a second municipality of the same name, whatever its case, even past the check', async () => {
    const name = `Gemeente Oosterdijk ${uniqueSuffix()}`;
    const db = systemDb(t.app);
    await db.query('INSERT INTO tenant (name, slug) VALUES ($1, $2)', [name, `o-${uniqueSuffix()}`]);
    await expect(db.query('INSERT INTO tenant (name, slug) VALUES ($1, $2)', [name.toLowerCase(), `o-${uniqueSuffix()}`])).rejects.toThrow(/uq_tenant_name_lower/);
    // two set-ups at the same moment: one municipality, and the other run gets the same clear refusal
    const provisioning = t.app.get(TenantProvisioningService);
    const twin = `Gemeente Tweeling ${uniqueSuffix()}`;
    const results = await Promise.allSettled(
      ['x', 'y'].map((k) => provisioning.provision({ name: twin, adminEmail: `${k}@tweeling.example.nl`, slug: `tweeling-${k}-${uniqueSuffix()}` }, { kind: 'operator', subject: 'test' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'TENANT_NAME_TAKEN' });
  });

  it('says what is wrong in one line for bad input, unknown options and a missing command', async () => {
    const bad = await tenantCli('create', '--name', `Gemeente ${uniqueSuffix()}`, '--admin-email', 'not-an-address');
    expect(bad.code).toBe(1);
    expect(oneLineWithoutStack(bad.stderr)).toBe('Not created: the admin e-mail address is not valid.');
    const spaced = await tenantCli('create', '--name', `Gemeente ${uniqueSuffix()}`, '--admin-email', 'a@b.nl', '--admin-subject', 'idp a');
    expect(oneLineWithoutStack(spaced.stderr)).toBe('Not created: the admin subject must be 1 to 255 printable ASCII characters without spaces.');
    const missing = await tenantCli('create', '--name', `Gemeente ${uniqueSuffix()}`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^--admin-email is required\.\nUsage: /);
    // said before any database is reached: also when none answers
    const offline = await tenantCliWith({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' }, 'create', '--name', `Gemeente ${uniqueSuffix()}`);
    expect(offline.stderr).toMatch(/^--admin-email is required\.\nUsage: /);
    const unknown = await tenantCli('create', '--name', 'X', '--admin-email', 'a@b.nl', '--tenant-id', randomUUID());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
    expect((await tenantCli()).stderr).toMatch(/^Usage: npm run tenant -- create/);
  }, SLOW);

  it('lists municipalities with ids, names, creation date and counts, and no personal data', async () => {
    const name = `Gemeente Lijstdorp ${uniqueSuffix()}`;
    const created = await tenantCli('create', '--name', name, '--admin-email', 'geheim.adres@lijstdorp.example.nl', '--admin-name', 'Truus Geheimnaam');
    const tenantId = idOf(created.stdout, 'tenant id')!;
    const listed = await tenantCli('list', '--json');
    expect(listed.code).toBe(0);
    const tenants = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(tenants.find((x) => x.id === tenantId)).toEqual({ id: tenantId, name, slug: expect.any(String), createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), organisations: 1, professionals: 1, households: 0 });
    const table = await tenantCli('list');
    expect(table.stdout).toMatch(new RegExp(`^${tenantId}\\s+${name}\\s`, 'm'));
    for (const output of [listed.stdout, table.stdout]) {
      expect(output).not.toContain('lijstdorp.example.nl');
      expect(output).not.toContain('Geheimnaam');
    }
  }, SLOW);
});
