import request from 'supertest';
import type { TestApp, UserFixture } from '../harness/index.js';
import { bearer } from '../harness/index.js';

/**
 * POST …/care-team as `as`. A link on the basis of consent must rest on a recorded consent, so for
 * `basis: 'consent'` without a `consentId` the consent of that organisation is recorded first, as a
 * coordinator does in practice.
 */
export async function linkCareTeam(t: TestApp, householdId: string, as: UserFixture, body: Record<string, unknown>): Promise<request.Response> {
  let consentId = body.consentId as string | undefined;
  if (body.basis === 'consent' && consentId === undefined) {
    const consent = await request(t.http)
      .post(`/api/v1/households/${householdId}/consents`)
      .set(bearer(as))
      .send({ organisationId: body.organisationId, purpose: `Betrokkenheid als ${String(body.role)}`, basis: 'consent' });
    // a caller who may not record consents gets the care-team answer for the same reason
    if (consent.status === 201) consentId = (consent.body as { id: string }).id;
  }
  return request(t.http)
    .post(`/api/v1/households/${householdId}/care-team`)
    .set(bearer(as))
    .send({ ...body, ...(consentId ? { consentId } : {}) });
}
