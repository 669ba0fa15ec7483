export { LOCAL_WEBHOOK_RECEIVERS, startTestApp, systemDb, type TestApp } from './app.js';
export {
  bearer,
  createOrganisation,
  createProfessional,
  createTenantFixture,
  tokenFor,
  uniqueSuffix,
  type TenantFixture,
  type UserFixture,
} from './fixtures.js';
export { ENGLISH, expectProblem, problemFields, type Problem } from './problem.js';
