import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { API_CLIENT_SCOPES } from '../../src/api-clients/api-client-scopes.js';
import { fuzz, type Caller, type FuzzReport } from '../contract/fuzzer.js';
import type { OpenApiDocument } from '../contract/openapi-types.js';
import { bearer, createTenantFixture, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';
import { caseApi } from './support/case.js';
import { partnerCase } from './support/partner-case.js';

/**
 * The OpenAPI document as a contract, checked by a seeded property-based fuzzer (test/contract/fuzzer.ts) over every
 * operation and every kind of caller: FUZZ_REQUESTS requests (default 5,000; `npm run fuzz -- --requests 50000` for
 * long runs) with seed FUZZ_SEED. A failure prints the seed: the same seed replays the same requests.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

let t: TestApp;
let f: TenantFixture;
let origin: string;
beforeAll(async () => {
  // its own Redis prefix: its hundreds of refused requests must not fill 127.0.0.1's failure window for later files
  t = await startTestApp({ QUEUE_PREFIX: `fuzz_${randomUUID().slice(0, 8)}` });
  await t.app.listen(0, '127.0.0.1');
  origin = `http://127.0.0.1:${(t.http.address() as AddressInfo).port}`;
  f = await createTenantFixture(t.app, 'Fuzzgemeente');
});
afterAll(async () => {
  await t?.close();
});

/** Partner API client of the partner organisation with every scope, and its access token. */
async function apiClient(): Promise<{ clientId: string; token: string }> {
  const created = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Fuzzclient', scopes: [...API_CLIENT_SCOPES] });
  expect(created.status).toBe(201);
  const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
  const token = await request(t.http).post('/api/v1/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  expect(token.status).toBe(200);
  return { clientId, token: (token.body as { access_token: string }).access_token };
}

function summary(report: FuzzReport): string {
  const count = (kind: string) => report.findings.filter((x) => x.kind === kind).length;
  return [
    `[fuzz] seed ${SEED}: ${report.requests} requests (${report.valid} valid, ${report.mutated} mutated) over ${report.operationsCalled}/${report.operationsTotal} operations (${report.operationsSucceeded} answered a success), ${Math.round(report.waitingMs / 1000)} s waiting for answers`,
    `[fuzz] statuses ${JSON.stringify(report.byStatus)}`,
    `[fuzz] never a success: ${report.neverSucceeded.join(', ')}`,
    `[fuzz] distinct findings: 5xx ${count('server-error')}, undocumented statuses ${count('undocumented-status')}, schema violations ${count('schema-violation')}, valid requests rejected ${count('valid-rejected')}, transport ${count('transport')}`,
  ].join('\n');
}

describe('the OpenAPI document as a contract (fuzzer)', () => {
  it(`holds for ${REQUESTS} seeded requests over every operation and caller`, async () => {
    const { householdId: planned } = await partnerCase(t, f);
    const { householdId: second } = await caseApi(t).caseWithPlan(f);
    const bare = await caseApi(t).registerHousehold(f.coordinator);
    const doc = (await request(t.http).get('/docs-json')).body as OpenApiDocument;
    const people = [f.admin, f.supervisor, f.coordinator, f.secondCoordinator, f.partner, f.secondPartner];
    const pools = new Map<string, Set<string>>([
      ['householdId', new Set([planned, second, bare])],
      ['organisationId', new Set([f.ownOrganisationId, f.partnerOrganisationId])],
      ['professionalId', new Set(people.map((p) => p.id))],
      ['coordinatorId', new Set([f.coordinator.id, f.secondCoordinator.id])],
    ]);
    const client = await apiClient();
    const callers: Caller[] = [
      ...(['admin', 'supervisor', 'coordinator', 'partner'] as const).map((role) => ({ name: role, authorization: `Bearer ${f[role].token}` })),
      { name: 'api-client', authorization: `Bearer ${client.token}` },
      { name: 'anonymous' },
    ];
    const protectedIds = new Set([f.admin.id, f.supervisor.id, f.coordinator.id, f.partner.id, client.clientId]);
    const report = await fuzz({ doc, origin, callers, pools, requests: REQUESTS, seed: SEED, protectedIds });
    process.stderr.write(`${summary(report)}\n${report.findings.map((x) => `[fuzz] ${x.kind} ${x.operation}: ${x.detail}`).join('\n')}\n`);
    const show = (kind: string) => report.findings.filter((x) => x.kind === kind).map((x) => `${x.operation}: ${x.detail}`);
    expect(report.requests).toBe(REQUESTS);
    expect(report.operationsCalled).toBe(report.operationsTotal);
    expect(show('transport')).toEqual([]);
    expect(show('server-error')).toEqual([]);
    expect(show('undocumented-status')).toEqual([]);
    expect(show('schema-violation')).toEqual([]);
    expect(show('valid-rejected')).toEqual([]);
  }, 900_000);
});
