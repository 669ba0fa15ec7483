import { expect } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { TenantFixture, TestApp } from '../harness/index.js';
import { caseApi } from './case.js';
import { linkCareTeam } from './care-team.js';

/** Resilience tests: how long a recovery took, on stderr beside the test output. */
export const reportRecovery = (what: string, ms: number) => process.stderr.write(`[resilience] ${what}: ${(ms / 1000).toFixed(1)} s\n`);

/** A case with a plan and a partner professional on its care team, so a plan change notifies someone outside the team. */
export async function partnerCase(t: TestApp, f: TenantFixture): Promise<{ householdId: string; etag: string }> {
  const { householdId, etag } = await caseApi(t).caseWithPlan(f);
  const link = await linkCareTeam(t, householdId, f.coordinator, { organisationId: f.partnerOrganisationId, professionalId: f.partner.id, role: 'jeugdhulp', basis: 'consent' });
  expect(link.status).toBe(201);
  return { householdId, etag };
}

/** How many `plan.updated` inbox items of this household the professional has. */
export async function partnerItems(ds: DataSource, householdId: string, professionalId: string): Promise<number> {
  const [row] = await ds.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM notification n JOIN outbox_event e ON e.id = n.event_id WHERE e.household_id = $1 AND e.type = 'plan.updated' AND n.professional_id = $2`,
    [householdId, professionalId],
  );
  return row!.n;
}
