import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { TokenService } from '../../../src/auth/token.service.js';
import { TransactionHost } from '../../../src/database/transaction-host.js';
import type { OrganisationKind } from '../../../src/organisations/organisation-kind.js';
import { OrganisationsRepository } from '../../../src/organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../../../src/professionals/professionals.repository.js';
import type { Role } from '../../../src/common/roles.js';
import { TenantsService } from '../../../src/tenants/tenants.service.js';

/** A professional created by a fixture, with a bearer token for the Authorization header. */
export interface UserFixture {
  id: string;
  organisationId: string;
  authSubject: string;
  email: string;
  roles: Role[];
  token: string;
}

export interface TenantFixture {
  tenantId: string;
  slug: string;
  /** The municipality's own neighbourhood team (municipal_team, intake team). */
  ownOrganisationId: string;
  /** A partner organisation (youth care). */
  partnerOrganisationId: string;
  admin: UserFixture;
  supervisor: UserFixture;
  coordinator: UserFixture;
  secondCoordinator: UserFixture;
  /** Professionals of the partner organisation (role `professional`). */
  partner: UserFixture;
  secondPartner: UserFixture;
}

/** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
export const bearer = (who: { token: string } | string) => ({ Authorization: `Bearer ${typeof who === 'string' ? who : who.token}` });

export const uniqueSuffix = () => randomUUID().slice(0, 8);

/** A fresh municipality with its own team, a partner organisation and one professional per role. */
export async function createTenantFixture(app: INestApplication, label = 'Testgemeente'): Promise<TenantFixture> {
  const suffix = uniqueSuffix();
  const slug = `test-${suffix}`;
  const tenant = await app.get(TenantsService).createTenant(`${label} ${suffix}`, slug);
  const tenantId = tenant.id;
  const organisations = app.get(OrganisationsRepository);

  const tx = app.get(TransactionHost);
  // test set-up is operator work above the tenant: the worker pool (row-level security)
  const rows = await tx.runAsSystem(() => tx.run(async () => {
    const own = await organisations.insert({ tenantId, name: 'Wijkteam Centrum', kind: 'municipal_team', isIntakeTeam: true });
    const partnerOrganisation = await organisations.insert({ tenantId, name: 'Jeugdhulp Midden', kind: 'youth_care', isIntakeTeam: false });
    const add = (organisationId: string, name: string, role: Role) => insertProfessional(app, { tenantId, organisationId, name, roles: [role] });
    return {
      own,
      partnerOrganisation,
      admin: await add(own.id, 'Anna Admin', 'admin'),
      supervisor: await add(own.id, 'Sanne Supervisor', 'supervisor'),
      coordinator: await add(own.id, 'Carla Coordinator', 'coordinator'),
      secondCoordinator: await add(own.id, 'Chris Coordinator', 'coordinator'),
      partner: await add(partnerOrganisation.id, 'Pieter Partner', 'professional'),
      secondPartner: await add(partnerOrganisation.id, 'Priya Partner', 'professional'),
    };
  }));

  const withToken = async (p: Omit<UserFixture, 'token'>): Promise<UserFixture> => ({ ...p, token: await tokenFor(app, p.authSubject) });
  return {
    tenantId,
    slug,
    ownOrganisationId: rows.own.id,
    partnerOrganisationId: rows.partnerOrganisation.id,
    admin: await withToken(rows.admin),
    supervisor: await withToken(rows.supervisor),
    coordinator: await withToken(rows.coordinator),
    secondCoordinator: await withToken(rows.secondCoordinator),
    partner: await withToken(rows.partner),
    secondPartner: await withToken(rows.secondPartner),
  };
}

/** Inserts an organisation directly (no HTTP, no role check). */
export async function createOrganisation(
  app: INestApplication,
  values: { tenantId: string; name?: string; kind?: OrganisationKind; isIntakeTeam?: boolean },
): Promise<{ id: string; name: string }> {
  const row = await app.get(TransactionHost).runAsSystem(() => app.get(OrganisationsRepository).insert({
    tenantId: values.tenantId,
    name: values.name ?? `Organisatie ${uniqueSuffix()}`,
    kind: values.kind ?? 'welfare',
    isIntakeTeam: values.isIntakeTeam ?? false,
  }));
  return { id: row.id, name: row.name };
}

/** Inserts a professional directly and returns it with a token. */
export async function createProfessional(
  app: INestApplication,
  values: { tenantId: string; organisationId: string; name?: string; roles: Role[] },
): Promise<UserFixture> {
  const row = await insertProfessional(app, { ...values, name: values.name ?? `Professional ${uniqueSuffix()}` });
  return { ...row, token: await tokenFor(app, row.authSubject) };
}

/** A development token for an auth subject; `ttlSeconds` may be negative for an expired token. */
export function tokenFor(app: INestApplication, authSubject: string, ttlSeconds?: number): Promise<string> {
  return app.get(TokenService).signDevToken(authSubject, ttlSeconds);
}

async function insertProfessional(
  app: INestApplication,
  values: { tenantId: string; organisationId: string; name: string; roles: Role[] },
): Promise<Omit<UserFixture, 'token'>> {
  const email = `${values.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${uniqueSuffix()}@example.nl`;
  const row = await app.get(TransactionHost).runAsSystem(() => app.get(ProfessionalsRepository).insert({ ...values, email }));
  return { id: row.id, organisationId: row.organisationId, authSubject: row.authSubject, email: row.email, roles: row.roles };
}
