import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { startTestApp, type TestApp } from './harness/index.js';

/**
 * The served OpenAPI document linted with Spectral and the Logius API Design Rules ruleset kept in the repository
 * (docs/api/adr-ruleset/, with its source and licence): no errors. Spectral runs as its CLI (@stoplight/spectral-cli),
 * exactly as the Logius documentation tells API providers to run it.
 */
const RULESET = 'docs/api/adr-ruleset/linter.yaml';

interface SpectralResult {
  code: string;
  message: string;
  severity: number;
  path: string[];
}

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'eenplan-openapi-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

async function lint(document: unknown): Promise<SpectralResult[]> {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  // exit code 1 means "results at or above --fail-severity": read the results either way
  // with this Node (the pinned one), not whatever `node` the bin script's shebang finds on PATH
  const run = promisify(execFile)(process.execPath, ['node_modules/@stoplight/spectral-cli/dist/index.js', 'lint', '-r', RULESET, '-f', 'json', '--quiet', file], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const { stdout } = await run;
  return JSON.parse(stdout || '[]') as SpectralResult[];
}

describe('the OpenAPI document and the Dutch API Design Rules', () => {
  it('has no errors under the Logius ADR ruleset', async () => {
    const res = await request(t.http).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const errors = (await lint(res.body)).filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the ruleset does find errors in a document that breaks the rules', async () => {
    const res = await request(t.http).get('/api/v1/openapi.json');
    const broken = structuredClone(res.body) as { info: { version: string; contact?: unknown }; servers?: unknown };
    broken.info.version = 'v1';
    delete broken.info.contact;
    delete broken.servers;
    const codes = new Set((await lint(broken)).filter((r) => r.severity === 0).map((r) => r.code));
    expect([...codes]).toEqual(expect.arrayContaining(['nlgov:semver', 'info-contact', 'oas3-api-servers']));
  }, 120_000);
});
