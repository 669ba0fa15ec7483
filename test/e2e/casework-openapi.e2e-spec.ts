import request from 'supertest';
import { startTestApp, type TestApp } from './harness/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const ROUTES: Array<[string, string, string, number[]]> = [
  ['post', '/api/v1/households/{householdId}/contacts', 'recordContact', [400, 401, 403, 404, 409, 422]],
  ['get', '/api/v1/households/{householdId}/contacts', 'listContacts', [400, 401, 404]],
  ['get', '/api/v1/households/{householdId}/contacts/{contactId}', 'getContact', [400, 401, 404]],
  ['post', '/api/v1/households/{householdId}/assessments', 'recordAssessment', [400, 401, 403, 404, 409, 422]],
  ['get', '/api/v1/households/{householdId}/assessments', 'listAssessments', [400, 401, 404]],
  ['get', '/api/v1/households/{householdId}/assessments/compare', 'compareAssessments', [400, 401, 404, 422]],
  ['get', '/api/v1/households/{householdId}/assessments/{assessmentId}', 'getAssessment', [400, 401, 404]],
  ['post', '/api/v1/households/{householdId}/escalations', 'openEscalation', [400, 401, 403, 404, 409, 422]],
  ['get', '/api/v1/households/{householdId}/escalations', 'listEscalations', [400, 401, 404]],
  ['get', '/api/v1/escalations/{escalationId}', 'getEscalation', [400, 401, 404]],
  ['post', '/api/v1/escalations/{escalationId}/resolve', 'resolveEscalation', [400, 401, 403, 404, 409]],
  ['get', '/api/v1/households/{householdId}/timeline', 'getTimeline', [400, 401, 404]],
];

describe('the OpenAPI document for case work', () => {
  let doc: Document;
  beforeAll(async () => {
    const res = await request(t.http).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });

  it.each(ROUTES)('documents %s %s as %s with its problem+json error responses', (method, path, operationId, statuses) => {
    const operation = doc.paths[path.replace(/^\/api\/v1/, '')]?.[method];
    expect(operation).toBeDefined();
    expect(operation!.operationId).toBe(operationId);
    for (const status of statuses) expect(operation!.responses[String(status)]?.content).toHaveProperty(['application/problem+json']);
    expect(operation!.security).toEqual([{ bearer: [] }]);
  });

  it('declares the request and response schemas, including every typed timeline data shape', () => {
    for (const schema of [
      'CreateContactDto',
      'ContactDto',
      'CreateAssessmentDto',
      'AssessmentDto',
      'AssessmentComparisonDto',
      'OpenEscalationDto',
      'ResolveEscalationDto',
      'EscalationDto',
      'TimelineEntryDto',
      'TimelineContactDataDto',
      'TimelineEscalationDataDto',
      'TimelinePlanDataDto',
    ]) {
      expect(doc.components.schemas).toHaveProperty([schema]);
    }
  });

  it('every schema reference in the document resolves', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });
});
