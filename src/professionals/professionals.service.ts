import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { CreateProfessionalDto, ListProfessionalsQueryDto, ProfessionalDto } from './dto/professional.dto.js';
import { AUTH_SUBJECT_CONSTRAINT } from './entities/professional.entity.js';
import { ProfessionalErrors } from './professionals.errors.js';
import { mapProfessional } from './professionals.mapper.js';
import { ProfessionalsRepository } from './professionals.repository.js';

@Injectable()
export class ProfessionalsService {
  constructor(
    private readonly professionals: ProfessionalsRepository,
    private readonly organisations: OrganisationsService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
  ) {}

  /** Only admins create professionals, so the answer always carries the authSubject. */
  async create(input: CreateProfessionalDto): Promise<ProfessionalDto & { authSubject: string }> {
    const { tenantId } = this.context.actor;
    const created = await this.tx.run(async () => {
      await this.organisations.requireInTenant(input.organisationId);
      if (input.authSubject && (await this.professionals.findBySubject(input.authSubject))) throw authSubjectTaken();
      // a professional of another tenant is invisible here (row-level security): the unique constraint tells
      return this.professionals
        .insert({
          tenantId,
          organisationId: input.organisationId,
          name: input.name.trim(),
          email: input.email.toLowerCase(),
          roles: input.roles,
          authSubject: input.authSubject,
        })
        .catch((error: unknown) => {
          if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === AUTH_SUBJECT_CONSTRAINT) throw authSubjectTaken();
          throw error;
        });
    });
    return { ...mapProfessional(created, true), authSubject: created.authSubject };
  }

  async get(id: string): Promise<ProfessionalDto> {
    const professional = await this.requireInTenant(id);
    return mapProfessional(professional, this.showsAuthSubjectOf(professional.id));
  }

  async list(query: ListProfessionalsQueryDto): Promise<Page<ProfessionalDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | undefined;
    const rows = await this.professionals.listPage(this.context.actor.tenantId, query, limit, after);
    return toPage(rows, limit, (p) => [p.name, p.id], (p) => mapProfessional(p, this.showsAuthSubjectOf(p.id)));
  }

  /** Admins see every professional's authSubject; others only their own. */
  private showsAuthSubjectOf(professionalId: string): boolean {
    const actor = this.context.actor;
    return actor.roles.includes('admin') || (actor.kind === 'professional' && actor.professionalId === professionalId);
  }

  async requireInTenant(id: string) {
    const professional = await this.professionals.findInTenant(this.context.actor.tenantId, id);
    if (!professional) {
      throw ProfessionalErrors.create('PROFESSIONAL_NOT_FOUND', {
        nl: `Er bestaat geen professional met id ${id} in uw gemeente.`,
        en: `No professional with id ${id} exists in your municipality.`,
      });
    }
    return professional;
  }
}

const authSubjectTaken = () => ProfessionalErrors.create('AUTH_SUBJECT_TAKEN', {
  nl: 'Een andere professional meldt zich al aan met dit authSubject.',
  en: 'Another professional already signs in with this authSubject.',
});
