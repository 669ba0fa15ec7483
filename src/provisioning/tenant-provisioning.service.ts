import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Text } from '../common/language.js';
import type { PlatformOperator } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OperationsLogService } from '../operations/operations-log.service.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { AUTH_SUBJECT_CONSTRAINT } from '../professionals/entities/professional.entity.js';
import { AUTH_SUBJECT } from '../professionals/auth-subject.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { DEFAULT_LIFE_DOMAINS } from '../tenants/default-life-domains.js';
import { TENANT_NAME_CONSTRAINT } from '../tenants/entities/tenant.entity.js';
import { TenantErrors } from '../tenants/tenants.errors.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';
import { TenantsService } from '../tenants/tenants.service.js';

export interface ProvisionTenantInput {
  name: string;
  adminEmail: string;
  /** Default: the name's slug (lower case, digits and dashes). */
  slug?: string;
  /** Default: "Beheerder". */
  adminName?: string;
  /** The admin's `sub` at the identity provider. Default: the new professional's id (fine with the development issuer). */
  adminSubject?: string;
  /** The municipality's own team. Default: "Sociaal Wijkteam". */
  organisationName?: string;
}

export interface ProvisionedTenant {
  tenantId: string;
  name: string;
  slug: string;
  lifeDomains: number;
  organisationId: string;
  organisationName: string;
  adminProfessionalId: string;
  adminAuthSubject: string;
}

export interface TenantSummary {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  organisations: number;
  professionals: number;
  households: number;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "Gemeente 's-Hertogenbosch" → "gemeente-s-hertogenbosch". */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/**
 * Setting up a municipality without SQL (issue 10 item 10): the tenant, its default life domains, its own team
 * (the intake team) and its first admin — in one transaction, as system work, logged in the operations log with
 * the change. A platform operator's task: the CLI (`npm run tenant -- create`) calls it; tests may too.
 */
@Injectable()
export class TenantProvisioningService {
  constructor(
    private readonly tenantsService: TenantsService,
    private readonly tenants: TenantsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly operationsLog: OperationsLogService,
    private readonly tx: TransactionHost,
  ) {}

  async provision(input: ProvisionTenantInput, operator: PlatformOperator): Promise<ProvisionedTenant> {
    const values = this.validate(input);
    try {
      return await this.tx.runAsSystem(() =>
        this.tx.run(async () => {
          const tenant = await this.tenantsService.createTenant(values.name, values.slug);
          const team = await this.organisations.insert({ tenantId: tenant.id, name: values.organisationName, kind: 'municipal_team', isIntakeTeam: true });
          if (values.adminSubject && (await this.professionals.findBySubject(values.adminSubject))) throw this.subjectTaken();
          const admin = await this.professionals.insert({
            tenantId: tenant.id,
            organisationId: team.id,
            name: values.adminName,
            email: values.adminEmail,
            roles: ['admin'],
            ...(values.adminSubject && { authSubject: values.adminSubject }),
          });
          await this.operationsLog.recordWithin({ actorKind: 'operator', actorId: operator.subject, action: 'tenant.create', method: 'CLI', path: 'tenant create', targetTenantId: tenant.id });
          return {
            tenantId: tenant.id,
            name: tenant.name,
            slug: tenant.slug,
            lifeDomains: DEFAULT_LIFE_DOMAINS.length,
            organisationId: team.id,
            organisationName: team.name,
            adminProfessionalId: admin.id,
            adminAuthSubject: admin.authSubject,
          };
        }),
      );
    } catch (error) {
      throw this.raceToDomainError(error, values);
    }
  }

  /** Municipalities with counts only — no names of people, no e-mail addresses. */
  async list(): Promise<TenantSummary[]> {
    const rows = await this.tx.runAsSystem(() => this.tenants.listWithCounts());
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  private validate(input: ProvisionTenantInput) {
    const problems: Text[] = [];
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 200) problems.push({ nl: 'de naam moet 2 tot 200 tekens lang zijn', en: 'the name must be 2 to 200 characters' });
    const slug = (input.slug ?? slugFromName(name)).trim();
    if (!SLUG.test(slug)) problems.push(
        input.slug === undefined
          ? { nl: 'van deze naam kan geen slug worden gemaakt: geef er een met --slug', en: 'no slug can be made from this name: give one with --slug' }
          : {
              nl: 'de slug moet uit 1 tot 63 kleine letters, cijfers en streepjes bestaan, en met een letter of cijfer beginnen',
              en: 'the slug must be 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit',
            },
      );
    const adminEmail = input.adminEmail.trim().toLowerCase();
    if (adminEmail.length > 254 || !EMAIL.test(adminEmail)) problems.push({ nl: 'het e-mailadres van de beheerder is niet geldig', en: 'the admin e-mail address is not valid' });
    const adminName = (input.adminName ?? 'Beheerder').trim();
    if (adminName.length < 1 || adminName.length > 200) problems.push({ nl: 'de naam van de beheerder moet 1 tot 200 tekens lang zijn', en: 'the admin name must be 1 to 200 characters' });
    const organisationName = (input.organisationName ?? 'Sociaal Wijkteam').trim();
    if (organisationName.length < 1 || organisationName.length > 200) problems.push({ nl: 'de naam van de organisatie moet 1 tot 200 tekens lang zijn', en: 'the organisation name must be 1 to 200 characters' });
    const adminSubject = input.adminSubject?.trim();
    if (adminSubject !== undefined && !AUTH_SUBJECT.test(adminSubject)) {
      problems.push({ nl: 'het subject van de beheerder moet 1 tot 255 zichtbare ASCII-tekens zijn, zonder spaties', en: 'the admin subject must be 1 to 255 printable ASCII characters without spaces' });
    }
    if (problems.length > 0) {
      throw TenantErrors.create('TENANT_INPUT_INVALID', (language) => `${language === 'nl' ? 'Niet aangemaakt' : 'Not created'}: ${problems.map((p) => p[language]).join('; ')}.`);
    }
    return { name, slug, adminEmail, adminName, organisationName, adminSubject };
  }

  private subjectTaken() {
    return TenantErrors.create('ADMIN_SUBJECT_TAKEN', {
      nl: 'Niet aangemaakt: dit aanmeldsubject hoort al bij een professional; elke identiteit meldt zich aan als één professional.',
      en: 'Not created: this sign-in subject already belongs to a professional; each identity signs in as one professional.',
    });
  }

  /** Two runs at the same moment both pass the checks; the unique indexes decide, and the loser gets the same clear message. */
  private raceToDomainError(error: unknown, values: { name: string; slug: string }): unknown {
    if (!(error instanceof QueryFailedError)) return error;
    const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string; table?: string } }).driverError ?? {};
    if (driver.code !== '23505') return error;
    if (driver.constraint === TENANT_NAME_CONSTRAINT) return TenantErrors.create('TENANT_NAME_TAKEN', {
      nl: `Gemeente "${values.name}" bestaat al: kies een andere naam.`,
      en: `Municipality "${values.name}" already exists: choose another name.`,
    });
    if (driver.constraint === AUTH_SUBJECT_CONSTRAINT) return this.subjectTaken();
    if (driver.table === 'tenant') return TenantErrors.create('TENANT_SLUG_TAKEN', {
      nl: `De slug "${values.slug}" is al in gebruik: kies een andere met --slug.`,
      en: `The slug "${values.slug}" is taken: choose another with --slug.`,
    });
    return error;
  }
}
