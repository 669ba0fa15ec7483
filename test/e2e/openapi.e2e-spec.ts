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
type Document = { paths: Record<string, Record<string, Operation>>; components: { securitySchemes?: Record<string, unknown>; schemas: Record<string, unknown> } };

/** SPEC.md "API surface" rows in scope of the foundation: method, path, operationId, error statuses it must document. */
const ROUTES: Array<[string, string, string, number[]]> = [
  ['post', '/api/v1/organisations', 'createOrganisation', [400, 401, 403, 409]],
  ['get', '/api/v1/organisations', 'listOrganisations', [400, 401]],
  ['get', '/api/v1/organisations/{organisationId}', 'getOrganisation', [401, 404]],
  ['post', '/api/v1/professionals', 'createProfessional', [400, 401, 403]],
  ['get', '/api/v1/professionals', 'listProfessionals', [401]],
  ['get', '/api/v1/professionals/{professionalId}', 'getProfessional', [401, 404]],
  ['post', '/api/v1/households', 'createHousehold', [400, 401, 403]],
  ['get', '/api/v1/households', 'listHouseholds', [400, 401]],
  ['get', '/api/v1/households/{householdId}', 'getHousehold', [401, 404]],
  ['patch', '/api/v1/households/{householdId}', 'updateHousehold', [400, 401, 404, 412, 428]],
  ['post', '/api/v1/households/{householdId}/members', 'addMember', [400, 401, 404]],
  ['patch', '/api/v1/households/{householdId}/members/{memberId}', 'updateMember', [400, 401, 404]],
  ['delete', '/api/v1/households/{householdId}/members/{memberId}', 'removeMember', [401, 404]],
  ['post', '/api/v1/households/{householdId}/close', 'closeHousehold', [400, 401, 404, 409]],
  ['post', '/api/v1/households/{householdId}/reopen', 'reopenHousehold', [400, 401, 404, 409]],
  ['put', '/api/v1/households/{householdId}/coordinator', 'assignCoordinator', [400, 401, 403, 404, 409]],
  ['get', '/api/v1/households/{householdId}/coordinator/history', 'listCoordinatorHistory', [401, 404]],
  ['post', '/api/v1/households/{householdId}/care-team', 'addCareTeamLink', [400, 401, 403, 404]],
  ['get', '/api/v1/households/{householdId}/care-team', 'listCareTeam', [401, 404]],
  ['delete', '/api/v1/households/{householdId}/care-team/{linkId}', 'endCareTeamLink', [401, 404]],
  ['post', '/api/v1/households/{householdId}/plan', 'createPlan', [400, 401, 404, 409]],
  ['get', '/api/v1/households/{householdId}/plan', 'getPlan', [401, 404]],
  ['patch', '/api/v1/households/{householdId}/plan', 'updatePlan', [400, 401, 404, 412, 428]],
  ['get', '/api/v1/households/{householdId}/plan/revisions', 'listPlanRevisions', [401, 404]],
  ['get', '/api/v1/households/{householdId}/plan/revisions/{number}', 'getPlanRevision', [401, 404]],
  ['post', '/api/v1/households/{householdId}/plan/goals', 'addGoal', [400, 401, 404, 412, 428]],
  ['patch', '/api/v1/households/{householdId}/plan/goals/{goalId}', 'updateGoal', [400, 401, 404, 412, 428]],
  ['post', '/api/v1/households/{householdId}/plan/goals/{goalId}/actions', 'addAction', [400, 401, 404, 412, 428]],
  ['patch', '/api/v1/households/{householdId}/plan/actions/{actionId}', 'updateAction', [400, 401, 404, 412, 428]],
];

describe('the OpenAPI document at /docs-json', () => {
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
    for (const status of statuses) {
      expect(operation!.responses[String(status)]?.content).toHaveProperty(['application/problem+json']);
    }
    expect(operation!.security![0]).toEqual({ bearer: [] });
  });

  it('declares bearer auth and the schemas of request and response bodies', () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    for (const schema of ['HouseholdDto', 'CreateHouseholdDto', 'PlanDto', 'UpdatePlanDto', 'GoalDto', 'ActionDto', 'CareTeamLinkDto', 'CoordinatorAssignmentDto', 'PlanRevisionDto']) {
      expect(doc.components.schemas).toHaveProperty([schema]);
    }
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(t.http).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
