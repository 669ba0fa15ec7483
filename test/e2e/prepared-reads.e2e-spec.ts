import pg from 'pg';
import request from 'supertest';
import { bearer, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { partnerCase } from './support/partner-case.js';

/**
 * The household and plan reads are named prepared statements, kept by each pooled connection (issue 11). A
 * migration that adds a column to their tables while the service runs must not break them: PostgreSQL refuses
 * to run a prepared statement whose result columns changed, so the reads return each row as one JSON column.
 */

let t: TestApp;
let f: TenantFixture;
let householdId: string;
let owner: pg.Client;

beforeAll(async () => {
  t = await startTestApp();
  f = await createTenantFixture(t.app);
  ({ householdId } = await partnerCase(t, f));
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});

afterAll(async () => {
  await owner?.query('ALTER TABLE household DROP COLUMN IF EXISTS later_column; ALTER TABLE plan DROP COLUMN IF EXISTS later_column').catch(() => undefined);
  await owner?.end();
  await t?.close();
});

/** Many reads at once, so they are prepared on (and later run on) several pooled connections. */
async function readAll(): Promise<number[]> {
  const paths = [`/api/v1/households/${householdId}`, `/api/v1/households/${householdId}/plan`];
  const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => request(t.http).get(paths[i % 2]!).set(bearer(f.coordinator))));
  return answers.map((res) => res.status);
}

it('a household and its plan still read after a migration adds a column to their tables', async () => {
  expect(new Set(await readAll())).toEqual(new Set([200]));
  await owner.query('ALTER TABLE household ADD COLUMN later_column int; ALTER TABLE plan ADD COLUMN later_column int');
  expect(new Set(await readAll())).toEqual(new Set([200]));
});
