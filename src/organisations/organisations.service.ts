import { Injectable } from '@nestjs/common';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { CreateOrganisationDto, OrganisationDto } from './dto/organisation.dto.js';
import { OrganisationErrors } from './organisations.errors.js';
import { mapOrganisation } from './organisations.mapper.js';
import { OrganisationsRepository } from './organisations.repository.js';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
  ) {}

  async create(input: CreateOrganisationDto): Promise<OrganisationDto> {
    const { tenantId } = this.context.actor;
    const created = await this.tx.run(() =>
      this.organisations.insert({ tenantId, name: input.name.trim(), kind: input.kind, isIntakeTeam: input.isIntakeTeam ?? false }),
    );
    return mapOrganisation(created);
  }

  async get(id: string): Promise<OrganisationDto> {
    return mapOrganisation(await this.requireInTenant(id));
  }

  async list(query: PageQueryDto): Promise<Page<OrganisationDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | undefined;
    const rows = await this.organisations.listPage(this.context.actor.tenantId, limit, after);
    return toPage(rows, limit, (o) => [o.name, o.id], mapOrganisation);
  }

  /** Organisations of another tenant answer exactly like missing ones. */
  async requireInTenant(id: string) {
    const organisation = await this.organisations.findInTenant(this.context.actor.tenantId, id);
    if (!organisation) {
      throw OrganisationErrors.create('ORGANISATION_NOT_FOUND', {
        nl: `Er bestaat geen organisatie met id ${id} in uw gemeente.`,
        en: `No organisation with id ${id} exists in your municipality.`,
      });
    }
    return organisation;
  }
}
