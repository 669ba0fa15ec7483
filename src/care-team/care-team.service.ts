import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { ConsentsService } from '../consents/consents.service.js';
import { CareTeamErrors } from './care-team.errors.js';
import { mapLink } from './care-team.mapper.js';
import { CareTeamRepository } from './care-team.repository.js';
import type { CareTeamLinkDto, CreateCareTeamLinkDto, ListCareTeamQueryDto } from './dto/care-team.dto.js';

@Injectable()
export class CareTeamService {
  constructor(
    private readonly links: CareTeamRepository,
    private readonly households: HouseholdsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly consents: ConsentsService,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async add(householdId: string, input: CreateCareTeamLinkDto): Promise<CareTeamLinkDto> {
    await this.access.requireCaseManager(householdId, 'change the care team');
    const actor = this.context.actor;
    const startsOn = input.startsOn ?? this.clock.today();
    if (input.endsOn && input.endsOn < startsOn) {
      throw CareTeamErrors.create('INVALID_PERIOD', 'endsOn must be on or after startsOn.', { errors: [{ field: 'endsOn', messages: ['endsOn must not be before startsOn'] }] });
    }
    const id = await this.tx.run(async () => {
      const household = await this.households.lockById(actor.tenantId, householdId);
      if (!household) throw householdNotFound(householdId);
      if (household.status === 'closed') throw CareTeamErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; reopen it before linking professionals.');
      const organisation = await this.organisations.findInTenant(actor.tenantId, input.organisationId);
      if (!organisation) {
        throw CareTeamErrors.create('ORGANISATION_UNKNOWN', `No organisation with id ${input.organisationId} exists in your municipality.`, {
          errors: [{ field: 'organisationId', messages: ['organisationId must be an organisation of your municipality'] }],
        });
      }
      if (input.professionalId) {
        const professional = await this.professionals.findInTenant(actor.tenantId, input.professionalId);
        if (!professional || professional.organisationId !== organisation.id) {
          throw CareTeamErrors.create('PROFESSIONAL_NOT_IN_ORGANISATION', `Professional ${input.professionalId} does not work for organisation ${organisation.id}.`, {
            errors: [{ field: 'professionalId', messages: ['professionalId must be a professional of organisationId'] }],
          });
        }
      }
      if (input.basis === 'consent' && !input.consentId) {
        throw CareTeamErrors.create('CONSENT_REQUIRED', 'Involvement on the basis of consent needs the recorded consent: record it with POST …/consents and send its id as consentId.', {
          errors: [{ field: 'consentId', messages: ['consentId is required when basis is consent'] }],
        });
      }
      if (input.consentId) await this.consents.requireUsable(householdId, organisation.id, input.consentId);
      const link = await this.links.insert({
        tenantId: actor.tenantId,
        householdId,
        organisationId: organisation.id,
        professionalId: input.professionalId ?? null,
        role: input.role.trim(),
        basis: input.basis,
        consentId: input.consentId ?? null,
        startsOn,
        endsOn: input.endsOn ?? null,
        createdById: actor.professionalId,
      });
      await this.recordChange(householdId, link.id, 'added', link.organisationId, link.professionalId);
      return link.id;
    });
    return this.getOne(householdId, id);
  }

  async list(householdId: string, query: ListCareTeamQueryDto): Promise<Page<CareTeamLinkDto>> {
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.links.listPage(householdId, query.includeEnded ?? false, limit, after);
    const today = this.clock.today();
    return toPage(rows, limit, (l) => [l.createdAt.toISOString(), l.id], (l) => mapLink(l, today));
  }

  async end(householdId: string, linkId: string, reason: string | undefined): Promise<void> {
    await this.access.requireCaseManager(householdId, 'change the care team');
    await this.tx.run(async () => {
      const link = await this.links.findInHousehold(householdId, linkId);
      if (!link) throw CareTeamErrors.create('LINK_NOT_FOUND', `The household has no care-team link with id ${linkId}.`);
      if (!(await this.links.end(linkId, this.clock.now(), reason?.trim() || null))) {
        throw CareTeamErrors.create('LINK_ALREADY_ENDED', 'This link has already ended.');
      }
      await this.recordChange(householdId, linkId, 'ended', link.organisationId, link.professionalId);
    });
  }

  private async getOne(householdId: string, linkId: string): Promise<CareTeamLinkDto> {
    const link = await this.links.findWithNames(householdId, linkId);
    if (!link) throw CareTeamErrors.create('LINK_NOT_FOUND', `The household has no care-team link with id ${linkId}.`);
    return mapLink(link, this.clock.today());
  }

  private recordChange(householdId: string, linkId: string, change: 'added' | 'ended', organisationId: string, professionalId: string | null) {
    const actor = this.context.actor;
    return this.outbox.record({
      type: 'care_team.changed',
      tenantId: actor.tenantId,
      aggregateType: 'care_team_link',
      aggregateId: linkId,
      householdId,
      actorId: actor.professionalId,
      payload: { change, organisationId, professionalId },
    });
  }
}
