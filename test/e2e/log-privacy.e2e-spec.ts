import request from 'supertest';
import { bearer, createOrganisation, createProfessional, createTenantFixture, startTestApp, uniqueSuffix, type TestApp } from './harness/index.js';

/**
 * Everything the service logs while handling personal data — at the most verbose level, through successes,
 * validation errors, conflicts, searches and signals — must not contain any of that personal data.
 */
describe('logs carry no personal data', () => {
  it('names, BSNs, addresses, dates of birth, notes and the family’s own words never reach the logs', async () => {
    const lines: string[] = [];
    const t: TestApp = await startTestApp({ LOG_LEVEL: 'trace' }, { write: (line: string) => void lines.push(line) });
    const marker = uniqueSuffix();
    const secrets = {
      givenName: `Xandrieka${marker}`,
      familyName: `Vlootbergen${marker}`,
      bsn: '123456782',
      postcode: '9731 BK',
      dateOfBirth: '1977-07-17',
      wishes: `Wens-${marker}-rust`,
      note: `Notitie-${marker}-geheim`,
    };
    const credentials: string[] = [];
    try {
      const f = await createTenantFixture(t.app);
      const api = () => request(t.http);
      const created = await api()
        .post('/api/v1/households')
        .set(bearer(f.coordinator))
        .send({
          postcode: secrets.postcode,
          houseNumber: 8,
          district: 'Oost',
          registrationReason: `Reden ${marker}`,
          riskLevel: 'high',
          members: [{ givenName: secrets.givenName, familyName: secrets.familyName, dateOfBirth: secrets.dateOfBirth, role: 'parent', bsn: secrets.bsn }],
        });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      // a validation error whose offending value is personal data
      expect((await api().post('/api/v1/households').set(bearer(f.coordinator)).send({ postcode: secrets.postcode, houseNumber: 8, district: 'Oost', registrationReason: 'x', riskLevel: 'high', members: [{ givenName: secrets.givenName.repeat(20), familyName: secrets.familyName, dateOfBirth: secrets.dateOfBirth, role: 'parent' }] })).status).toBe(400);
      // invalid JSON that contains personal data
      expect((await api().post('/api/v1/households').set(bearer(f.coordinator)).set('Content-Type', 'application/json').send(`{"district": "${secrets.familyName}"`)).status).toBe(400);
      // a search by name (query string)
      expect((await api().get(`/api/v1/households?text=${secrets.familyName}`).set(bearer(f.supervisor))).status).toBe(200);
      await api().put(`/api/v1/households/${id}/coordinator`).set(bearer(f.coordinator)).send({ professionalId: f.coordinator.id, reason: `Toewijzing ${marker}` });
      const plan = await api().post(`/api/v1/households/${id}/plan`).set(bearer(f.coordinator)).send({ familyWishes: secrets.wishes });
      expect(plan.status).toBe(201);
      expect((await api().patch(`/api/v1/households/${id}/plan`).set(bearer(f.coordinator)).set('If-Match', '"9"').send({ familyWishes: secrets.wishes })).status).toBe(412);
      expect((await api().post(`/api/v1/households/${id}/contacts`).set(bearer(f.coordinator)).send({ kind: 'call', occurredAt: new Date().toISOString(), note: secrets.note })).status).toBe(201);
      const org = await createOrganisation(t.app, { tenantId: f.tenantId, kind: 'police' });
      const officer = await createProfessional(t.app, { tenantId: f.tenantId, organisationId: org.id, roles: ['professional'] });
      expect((await api().post('/api/v1/signals').set(bearer(officer)).send({ postcode: secrets.postcode, houseNumber: 8, dateOfBirth: secrets.dateOfBirth, bsn: secrets.bsn, category: 'nuisance', severity: 'high', note: secrets.note })).status).toBe(201);
      // the BSN itself, fetched by the coordinator, and the citizen's access report
      const memberId = (created.body.members as Array<{ id: string }>)[0]!.id;
      expect((await api().get(`/api/v1/households/${id}/members/${memberId}/bsn`).set(bearer(f.coordinator))).body).toEqual({ memberId, bsn: secrets.bsn });
      expect((await api().get(`/api/v1/households/${id}/access-report?memberId=${memberId}&lang=en`).set(bearer(f.supervisor))).status).toBe(200);
      // a partner API client: its secret and tokens are credentials and must not be logged either
      const client = await api().post(`/api/v1/organisations/${org.id}/api-clients`).set(bearer(f.admin)).send({ name: 'Politiekoppeling', scopes: ['signals:write'] });
      expect(client.status).toBe(201);
      const { clientId, clientSecret } = client.body as { clientId: string; clientSecret: string };
      const token = await api().post('/api/v1/oauth/token').auth(clientId, clientSecret).type('form').send({ grant_type: 'client_credentials' });
      expect(token.status).toBe(200);
      const accessToken = (token.body as { access_token: string }).access_token;
      expect((await api().post('/api/v1/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientSecret}x` })).status).toBe(401);
      expect((await api().post('/api/v1/signals').set(bearer(accessToken)).send({ postcode: secrets.postcode, houseNumber: 8, dateOfBirth: secrets.dateOfBirth, category: 'nuisance', severity: 'low', note: secrets.note })).status).toBe(201);
      credentials.push(clientSecret, accessToken, accessToken.split('.')[2]!);
    } finally {
      await t.close();
    }
    const log = lines.join('');
    // the test really captured the service's logs: a line for (nearly) every request it made
    expect(lines.filter((line) => line.includes('request completed')).length).toBeGreaterThanOrEqual(8);
    for (const [what, value] of Object.entries({ ...secrets, postcodeNormalised: secrets.postcode.replace(' ', ''), registrationReason: `Reden ${marker}` })) {
      expect({ what, found: log.includes(value) }).toEqual({ what, found: false });
    }
    expect(credentials).toHaveLength(3);
    for (const [i, value] of credentials.entries()) expect({ credential: i, found: log.includes(value) }).toEqual({ credential: i, found: false });
  });
});
