import request from 'supertest';
import type { TenantFixture, TestApp, UserFixture } from '../harness/index.js';
import { bearer } from '../harness/index.js';

/** Small HTTP helpers that set up a case the way a coordinator would. */
export function caseApi(t: TestApp) {
  const api = () => request(t.http);

  async function registerHousehold(as: UserFixture, overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await api()
      .post('/api/v1/households')
      .set(bearer(as))
      .send({
        postcode: '3512 AB',
        houseNumber: 12,
        district: 'Binnenstad',
        registrationReason: 'Meerdere zorgen gemeld',
        riskLevel: 'medium',
        members: [
          { givenName: 'Samira', familyName: 'Jansen', dateOfBirth: '1988-03-14', role: 'parent' },
          { givenName: 'Noah', familyName: 'Jansen', dateOfBirth: '2014-09-02', role: 'child' },
        ],
        ...overrides,
      });
    if (res.status !== 201) throw new Error(`register household: ${res.status} ${res.text}`);
    return (res.body as { id: string }).id;
  }

  async function assignCoordinator(as: UserFixture, householdId: string, coordinator: UserFixture, reason = 'Eerste regisseur'): Promise<void> {
    const res = await api().put(`/api/v1/households/${householdId}/coordinator`).set(bearer(as)).send({ professionalId: coordinator.id, reason });
    if (res.status !== 200) throw new Error(`assign coordinator: ${res.status} ${res.text}`);
  }

  /** A household with the tenant's coordinator assigned and a plan; returns ids and the plan's ETag. */
  async function caseWithPlan(f: TenantFixture): Promise<{ householdId: string; etag: string }> {
    const householdId = await registerHousehold(f.coordinator);
    await assignCoordinator(f.coordinator, householdId, f.coordinator);
    const res = await api()
      .post(`/api/v1/households/${householdId}/plan`)
      .set(bearer(f.coordinator))
      .send({ familyWishes: 'Rust in huis', familyStrengths: 'We houden van elkaar', reviewDate: '2027-03-01' });
    if (res.status !== 201) throw new Error(`create plan: ${res.status} ${res.text}`);
    return { householdId, etag: res.headers.etag as string };
  }

  return { api, registerHousehold, assignCoordinator, caseWithPlan };
}
