import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccessRepository } from '../../src/access/access.repository.js';
import type { Actor } from '../../src/common/request-context.js';
import type { Role } from '../../src/common/roles.js';
import { insert, ownerDb, ownerHost } from './support.js';

/**
 * Break-the-glass in the access predicate, straight against PostgreSQL: a standing emergency access grant makes a
 * household visible to its holder — on the ground `emergency` — from the grant up to, not including, its expiry,
 * unless ended; never to anyone else, never to an API client of the holder's organisation.
 */
const TODAY = '2026-06-15';
const GRANTED = new Date('2026-06-15T10:00:00Z');
const EXPIRES = new Date('2026-06-15T14:00:00Z');
const at = (ms: number) => new Date(ms);

let db: DataSource;
let access: AccessRepository;

beforeAll(async () => {
  db = await ownerDb();
  access = new AccessRepository(ownerHost(db));
});

afterAll(async () => {
  await db?.destroy();
});

async function world() {
  const suffix = randomUUID().slice(0, 8);
  const tenantId = await insert(db, 'tenant', { name: `Glass ${suffix}`, slug: `glass-${suffix}` });
  const organisationId = await insert(db, 'organisation', { tenant_id: tenantId, name: 'Welzijn', kind: 'welfare' });
  const person = async (roles: Role[]): Promise<Actor> => {
    const id = await insert(db, 'professional', { tenant_id: tenantId, organisation_id: organisationId, auth_subject: `glass-${randomUUID()}`, email: `${randomUUID()}@example.test`, name: 'P', roles });
    return { kind: 'professional', professionalId: id, tenantId, organisationId, roles };
  };
  const holder = await person(['professional']);
  const colleague = await person(['professional']);
  const householdId = await insert(db, 'household', {
    tenant_id: tenantId, postcode: '1234AB', house_number: 1, district: 'Centrum', address_hash: randomUUID(), status: 'active', registration_reason: 'test', risk_level: 'low', registered_at: GRANTED,
  });
  const grantId = await insert(db, 'emergency_access', {
    tenant_id: tenantId, household_id: householdId, professional_id: holder.professionalId, reason: 'Crisismelding: direct inzicht nodig in het netwerk', granted_at: GRANTED, expires_at: EXPIRES,
  });
  return { tenantId, organisationId, holder, colleague, householdId, grantId };
}

const ground = async (actor: Actor, householdId: string, now: Date) => (await access.legalBases(actor, [householdId], TODAY, now)).get(householdId)?.basis ?? 'hidden';

describe('an emergency access grant in the access predicate', () => {
  it('opens the household to its holder on the ground `emergency` from the grant up to, not including, its expiry', async () => {
    const w = await world();
    const moments: Array<[Date, string]> = [
      [at(GRANTED.getTime() - 1), 'hidden'],
      [GRANTED, 'emergency'],
      [at(EXPIRES.getTime() - 1), 'emergency'],
      [EXPIRES, 'hidden'],
    ];
    for (const [now, expected] of moments) {
      expect([now.toISOString(), await ground(w.holder, w.householdId, now)]).toEqual([now.toISOString(), expected]);
      expect(await access.isVisible(w.holder, w.householdId, TODAY, now)).toBe(expected === 'emergency');
    }
  });

  it('gives nothing to a colleague of the same organisation, nor to an API client of it', async () => {
    const w = await world();
    const during = at(GRANTED.getTime() + 60_000);
    expect(await ground(w.colleague, w.householdId, during)).toBe('hidden');
    const client: Actor = { ...w.holder, kind: 'client', clientId: randomUUID() } as Actor;
    expect(await ground(client, w.householdId, during)).toBe('hidden');
  });

  it('stops once ended, and leaves the case-worker level closed all along', async () => {
    const w = await world();
    const during = at(GRANTED.getTime() + 60_000);
    expect(await access.isOnCareTeam(w.holder, w.householdId, TODAY)).toBe(false);
    await db.query('UPDATE emergency_access SET ended_at = $2, ended_by_id = $3 WHERE id = $1', [w.grantId, during, w.holder.professionalId]);
    expect(await ground(w.holder, w.householdId, at(during.getTime() + 1))).toBe('hidden');
  });

  it('yields to a care-team link: the more specific ground is recorded', async () => {
    const w = await world();
    await insert(db, 'care_team_link', {
      tenant_id: w.tenantId, household_id: w.householdId, organisation_id: w.organisationId, professional_id: w.holder.professionalId, role: 'support', basis: 'legal_obligation', starts_on: '2026-01-01', created_by_id: w.holder.professionalId,
    });
    expect(await ground(w.holder, w.householdId, at(GRANTED.getTime() + 60_000))).toBe('care_team_legal_obligation');
  });
});
