import { randomUUID } from 'node:crypto';
import type { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { TransactionHost } from '../../src/database/transaction-host.js';

/**
 * The repository tier: repositories run straight against PostgreSQL, without Nest or HTTP. Rows are arranged as
 * the database owner (DATABASE_URL, set by test/setup/global-setup.ts), so no row-level security stands between
 * the test and its fixtures; each file works in a municipality (tenant) of its own.
 */
export async function ownerDb(): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  return new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
}

/** A TransactionHost outside any request: no transaction is open, so `manager` is the owner pool's. */
export function ownerHost(db: DataSource): TransactionHost {
  const noRequest = { isActive: () => false } as unknown as ClsService;
  return new TransactionHost(db, db, noRequest);
}

/** Inserts one row and returns its id; `values` are column → value, written as they are. */
export async function insert(db: DataSource, table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const [row] = await db.query<Array<{ id: string }>>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return row!.id;
}

export interface Municipality {
  tenantId: string;
  organisationId: string;
  coordinatorId: string;
  otherCoordinatorId: string;
}

/** A tenant with one organisation, two coordinators and the life domains `finances` and `housing`. */
export async function municipality(db: DataSource): Promise<Municipality> {
  const suffix = randomUUID().slice(0, 8);
  const tenantId = await insert(db, 'tenant', { name: `Integration ${suffix}`, slug: `int-${suffix}` });
  const organisationId = await insert(db, 'organisation', { tenant_id: tenantId, name: 'Wijkteam', kind: 'municipal_team' });
  const professional = (n: number) =>
    insert(db, 'professional', { tenant_id: tenantId, organisation_id: organisationId, auth_subject: `int-${suffix}-${n}`, email: `c${n}-${suffix}@example.test`, name: `Coordinator ${n}`, roles: ['coordinator'] });
  for (const [position, code] of ['finances', 'housing'].entries()) {
    await db.query('INSERT INTO life_domain (tenant_id, code, label_nl, label_en, position) VALUES ($1, $2, $2, $2, $3)', [tenantId, code, position]);
  }
  return { tenantId, organisationId, coordinatorId: await professional(1), otherCoordinatorId: await professional(2) };
}

/** Midday in Amsterdam (summer time) on `date`: its local calendar date is `date` itself. */
export const middayOn = (date: string) => new Date(`${date}T10:00:00Z`);

/** The calendar date `days` days before `date` (yyyy-mm-dd). */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

let houseNumber = 0;

/** A household of the tenant with its first episode; registered (and its intake started) at midday on `registeredOn`. */
export async function household(db: DataSource, m: Municipality, options: { registeredOn: string; status?: string; district?: string; intakeOn?: string | null }): Promise<string> {
  const status = options.status ?? 'active';
  const registeredAt = middayOn(options.registeredOn);
  const intakeOn = options.intakeOn === undefined ? options.registeredOn : options.intakeOn;
  const id = await insert(db, 'household', {
    tenant_id: m.tenantId,
    postcode: '1011AB',
    house_number: (houseNumber = (houseNumber % 99_999) + 1),
    district: options.district ?? 'Centrum',
    address_hash: randomUUID(),
    status,
    registration_reason: 'integration test',
    risk_level: 'low',
    registered_at: registeredAt,
    intake_started_at: intakeOn === null ? null : middayOn(intakeOn),
    closed_at: status === 'closed' ? registeredAt : null,
  });
  await insert(db, 'household_episode', { tenant_id: m.tenantId, household_id: id, number: 1, started_at: registeredAt, ended_at: status === 'closed' ? registeredAt : null });
  return id;
}

/** An active coordinator assignment since `sinceOn`. */
export function assign(db: DataSource, m: Municipality, householdId: string, sinceOn: string): Promise<string> {
  return insert(db, 'coordinator_assignment', { tenant_id: m.tenantId, household_id: householdId, professional_id: m.coordinatorId, started_at: middayOn(sinceOn), reason: 'test', assigned_by_id: m.coordinatorId });
}
