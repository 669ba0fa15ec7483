import type { INestApplication } from '@nestjs/common';
import { createOrganisation, createProfessional, type TenantFixture, type UserFixture } from '../harness/index.js';

/**
 * The parties of the signals tests in one municipality: a debt-relief organisation and a school attendance office,
 * each with one professional who signals, and a coordinator who does not work for the intake team.
 */
export interface SignalParties {
  debt: { id: string; name: string };
  debtWorker: UserFixture;
  school: { id: string; name: string };
  attendanceOfficer: UserFixture;
  partnerCoordinator: UserFixture;
}

export async function createSignalParties(app: INestApplication, f: TenantFixture): Promise<SignalParties> {
  const debt = await createOrganisation(app, { tenantId: f.tenantId, name: 'Schuldhulp Stad', kind: 'welfare' });
  const debtWorker = await createProfessional(app, { tenantId: f.tenantId, organisationId: debt.id, name: 'Dirk Schuldhulp', roles: ['professional'] });
  const school = await createOrganisation(app, { tenantId: f.tenantId, name: 'Leerplicht Stad', kind: 'welfare' });
  const attendanceOfficer = await createProfessional(app, { tenantId: f.tenantId, organisationId: school.id, name: 'Lotte Leerplicht', roles: ['professional'] });
  const partnerCoordinator = await createProfessional(app, { tenantId: f.tenantId, organisationId: f.partnerOrganisationId, name: 'Paula Partnerregie', roles: ['coordinator'] });
  return { debt, debtWorker, school, attendanceOfficer, partnerCoordinator };
}
