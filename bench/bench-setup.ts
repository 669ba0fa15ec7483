import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory.js';
import { AuditSealer } from '../src/audit/audit-sealer.service.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import type { EmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { TokenService } from '../src/auth/token.service.js';
import { TransactionHost } from '../src/database/transaction-host.js';
import { OrganisationsRepository } from '../src/organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../src/professionals/professionals.repository.js';
import type { Role } from '../src/common/roles.js';
import { TenantsService } from '../src/tenants/tenants.service.js';
import { pinnedNode, runtimeLine } from './runtime.js';

export interface BenchTenant {
  tenantId: string;
  supervisor: { id: string; token: string };
  coordinator: { id: string; token: string };
  partners: Array<{ id: string; organisationId: string }>;
}

/** A municipality with a supervisor, a coordinator and `partners` partner professionals, for benchmarks. */
export async function createBenchTenant(app: INestApplication, partners: number): Promise<BenchTenant> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const tenant = await app.get(TenantsService).createTenant(`Benchgemeente ${suffix}`, `bench-${suffix}`);
  const organisations = app.get(OrganisationsRepository);
  const professionals = app.get(ProfessionalsRepository);
  const tokens = app.get(TokenService);
  const tx = app.get(TransactionHost);
  // set-up above the tenant: system work on the worker pool (row-level security)
  return tx.runAsSystem(() => tx.run(async () => {
    const own = await organisations.insert({ tenantId: tenant.id, name: 'Wijkteam', kind: 'municipal_team', isIntakeTeam: true });
    const partnerOrg = await organisations.insert({ tenantId: tenant.id, name: 'Partner', kind: 'youth_care', isIntakeTeam: false });
    const add = (organisationId: string, role: Role, n: number) =>
      professionals.insert({ tenantId: tenant.id, organisationId, name: `${role} ${n}`, email: `${role}${n}.${suffix}@bench.example`, roles: [role] });
    const supervisor = await add(own.id, 'supervisor', 0);
    const coordinator = await add(own.id, 'coordinator', 0);
    const partnerRows = [];
    for (let i = 0; i < partners; i++) partnerRows.push(await add(partnerOrg.id, 'professional', i));
    return {
      tenantId: tenant.id,
      supervisor: { id: supervisor.id, token: await tokens.signDevToken(supervisor.authSubject) },
      coordinator: { id: coordinator.id, token: await tokens.signDevToken(coordinator.authSubject) },
      partners: partnerRows.map((p) => ({ id: p.id, organisationId: p.organisationId })),
    };
  }));
}

export async function http<T>(base: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; etag: string | null }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, etag: res.headers.get('etag') };
}

/** A household with the coordinator, every partner on its care team and a plan; returns its id and plan ETag. */
export async function createCase(base: string, t: BenchTenant, n: number): Promise<{ householdId: string; etag: string }> {
  const household = await http<{ id: string }>(base, 'POST', '/api/v1/households', t.coordinator.token, {
    postcode: '3512 AB',
    houseNumber: 1 + (n % 9999),
    district: 'Benchwijk',
    registrationReason: 'Benchmark',
    riskLevel: 'medium',
  });
  const id = household.body.id;
  await http(base, 'PUT', `/api/v1/households/${id}/coordinator`, t.supervisor.token, { professionalId: t.coordinator.id, reason: 'bench' });
  for (const p of t.partners) {
    // a link on the basis of consent rests on the recorded consent (the schema requires it)
    const consent = await http<{ id: string }>(base, 'POST', `/api/v1/households/${id}/consents`, t.coordinator.token, { organisationId: p.organisationId, purpose: 'bench', basis: 'consent' });
    await http(base, 'POST', `/api/v1/households/${id}/care-team`, t.coordinator.token, { organisationId: p.organisationId, professionalId: p.id, role: 'bench', basis: 'consent', consentId: consent.body.id });
  }
  const plan = await http(base, 'POST', `/api/v1/households/${id}/plan`, t.coordinator.token, { familyWishes: 'bench' });
  return { householdId: id, etag: plan.etag! };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The application as the benchmarks run it: its database prepared (DATABASE_URL or embedded), listening on a free
 * local port, logging errors only, and with a rate limit no benchmark reaches — it would only measure itself.
 */
export async function startBenchApp(say: (message: string) => void): Promise<{ config: AppConfig; embedded?: EmbeddedDatabase; app: INestApplication; origin: string }> {
  say(runtimeLine(process.version, pinnedNode()));
  const loaded = loadConfig({ ...process.env, LOG_LEVEL: 'error', DEMO_DATA: 'false', PROCESS_ROLE: 'api', RATE_LIMIT_PER_MINUTE: '100000000' });
  const { config, embedded } = await prepareDatabase(loaded, say);
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return { config, embedded, app, origin: `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}` };
}

/**
 * Closes a benchmark's app (and its embedded PostgreSQL). The app serves the API only, without the sealer a worker
 * runs, so first the audit events its requests wrote are sealed, as a worker would have within seconds: otherwise
 * `npm run audit:verify` afterwards rightly reports them as a cut ("unsealed").
 */
export async function closeBenchApp(app: INestApplication, embedded: EmbeddedDatabase | undefined, say: (message: string) => void): Promise<void> {
  try {
    const started = performance.now();
    const { sealed, checkpoints } = await app.get(AuditSealer).sealNow();
    say(`sealed the ${sealed} audit events the benchmark wrote (${checkpoints} checkpoints) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    say(`sealing the benchmark's audit events failed (${error instanceof Error ? error.name : typeof error}); a worker seals them later`);
  }
  await app.close();
  await embedded?.stop();
}
