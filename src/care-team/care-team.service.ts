import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import type { EventDraft } from '../events/domain-event.js';
import { CaseGate } from '../households/case-gate.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { ConsentsService } from '../consents/consents.service.js';
import { CareTeamErrors } from './care-team.errors.js';
import { mapLink } from './care-team.mapper.js';
import { CareTeamRepository } from './care-team.repository.js';
import type { CareTeamLinkDto, CreateCareTeamLinkDto, ListCareTeamQueryDto } from './dto/care-team.dto.js';
import type { CareTeamScopeDto } from '../consents/dto/scope.dto.js';
import { ScopeTargets } from '../consents/scope-targets.js';

const linkNotFound = (linkId: string) =>
  CareTeamErrors.create('LINK_NOT_FOUND', {
    nl: `Het huishouden heeft geen koppeling met het zorgteam met id ${linkId}.`,
    en: `The household has no care-team link with id ${linkId}.`,
  });

/** A scope as columns: whatever it leaves out covers everything of its kind. */
const scopeColumns = (scope: CareTeamScopeDto | undefined) => ({
  scopeDomains: scope?.domains ?? null,
  scopeMemberIds: scope?.memberIds ?? null,
  scopeBsn: scope?.bsn ?? true,
  scopeContactNotes: scope?.contactNotes ?? true,
});

@Injectable()
export class CareTeamService {
  constructor(
    private readonly links: CareTeamRepository,
    private readonly gate: CaseGate,
    private readonly organisations: OrganisationsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly consents: ConsentsService,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly scopeTargets: ScopeTargets,
  ) {}

  async add(householdId: string, input: CreateCareTeamLinkDto): Promise<CareTeamLinkDto> {
    await this.access.requireCaseManager(householdId, { nl: 'het zorgteam wijzigen', en: 'change the care team' });
    const actor = this.context.actor;
    const startsOn = input.startsOn ?? this.clock.today();
    if (input.endsOn && input.endsOn < startsOn) {
      throw CommonErrors.create('INVALID_PERIOD', { nl: 'endsOn moet op of na startsOn liggen.', en: 'endsOn must be on or after startsOn.' }, { errors: [{ field: 'endsOn', messages: [{ nl: 'endsOn mag niet vóór startsOn liggen', en: 'endsOn must not be before startsOn' }] }] });
    }
    if (input.endsOn && input.endsOn < this.clock.today()) {
      // a period already over opens nothing, yet the link would stand (ended_at unset) and refuse the next one (an outside probe, stop 42)
      throw CommonErrors.create(
        'INVALID_PERIOD',
        { nl: `endsOn ligt in het verleden: zo'n koppeling geeft geen toegang meer. Kies vandaag (${this.clock.today()}) of later, of laat endsOn weg.`, en: `endsOn is in the past: such a link no longer gives access. Choose today (${this.clock.today()}) or later, or leave endsOn out.` },
        { errors: [{ field: 'endsOn', messages: [{ nl: 'endsOn mag niet in het verleden liggen', en: 'endsOn must not be in the past' }] }] },
      );
    }
    // the person before the household, in the people admin's order: a move to another organisation or a deactivation
    // running meanwhile is seen, or sees this link (and the two cannot deadlock)
    const named = input.professionalId ? await this.professionals.findInTenantForShare(actor.tenantId, input.professionalId) : null;
    const id = await this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; heropen het voordat u professionals koppelt.', en: 'The household is closed; reopen it before linking professionals.' } }, async (_household, change) => {
      const organisation = await this.organisations.findInTenant(actor.tenantId, input.organisationId);
      if (!organisation) {
        throw CareTeamErrors.create('ORGANISATION_UNKNOWN', {
          nl: `Er bestaat geen organisatie met id ${input.organisationId} in uw gemeente.`,
          en: `No organisation with id ${input.organisationId} exists in your municipality.`,
        }, {
          errors: [{ field: 'organisationId', messages: [{ nl: 'organisationId moet een organisatie van uw gemeente zijn', en: 'organisationId must be an organisation of your municipality' }] }],
        });
      }
      if (input.professionalId) {
        const professional = named;
        if (!professional || professional.organisationId !== organisation.id) {
          throw CareTeamErrors.create('PROFESSIONAL_NOT_IN_ORGANISATION', {
            nl: `Professional ${input.professionalId} werkt niet voor organisatie ${organisation.id}.`,
            en: `Professional ${input.professionalId} does not work for organisation ${organisation.id}.`,
          }, {
            errors: [{ field: 'professionalId', messages: [{ nl: 'professionalId moet een professional van organisationId zijn', en: 'professionalId must be a professional of organisationId' }] }],
          });
        }
        if (!professional.active) {
          // a deactivated person cannot sign in, so a link in their name would open the case to nobody who works on it
          throw CareTeamErrors.create('PROFESSIONAL_INACTIVE', {
            nl: `Professional ${input.professionalId} is gedeactiveerd. Koppel de organisatie, of een collega die de familie nu helpt.`,
            en: `Professional ${input.professionalId} is deactivated. Link the organisation, or a colleague who now helps the family.`,
          }, {
            errors: [{ field: 'professionalId', messages: [{ nl: 'professionalId moet een actieve professional zijn', en: 'professionalId must be an active professional' }] }],
          });
        }
      }
      if (input.basis === 'consent' && !input.consentId) {
        throw CareTeamErrors.create('CONSENT_REQUIRED', {
          nl: 'Betrokkenheid op grond van toestemming vraagt de vastgelegde toestemming: leg die vast met POST …/consents en stuur het id mee als consentId.',
          en: 'Involvement on the basis of consent needs the recorded consent: record it with POST …/consents and send its id as consentId.',
        }, {
          errors: [{ field: 'consentId', messages: [{ nl: 'consentId is verplicht als de grondslag toestemming is', en: 'consentId is required when basis is consent' }] }],
        });
      }
      if (input.consentId) await this.consents.requireUsable(householdId, organisation.id, input.consentId);
      await this.requireScopeTargets(householdId, input.scope, 'scope');
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
        ...scopeColumns(input.scope),
        createdById: actor.professionalId,
      });
      await change.record(linkChanged(link.id, 'added', link));
      return link.id;
    });
    return this.getOne(householdId, id);
  }

  /** Replaces what a standing link covers (purpose limitation); the coordinator or a supervisor. */
  async rescope(householdId: string, linkId: string, scope: CareTeamScopeDto): Promise<CareTeamLinkDto> {
    await this.access.requireCaseManager(householdId, { nl: 'het zorgteam wijzigen', en: 'change the care team' });
    await this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; heropen het voordat u het zorgteam wijzigt.', en: 'The household is closed; reopen it before changing the care team.' } }, async (_household, change) => {
      const link = await this.links.findInHousehold(householdId, linkId);
      if (!link) throw linkNotFound(linkId);
      await this.requireScopeTargets(householdId, scope, '');
      if (!(await this.links.rescope(linkId, scopeColumns(scope)))) {
        throw CareTeamErrors.create('LINK_ALREADY_ENDED', { nl: 'Deze koppeling is beëindigd; wat zij dekt kan niet meer veranderen.', en: 'This link has ended; what it covers can no longer change.' });
      }
      await change.record(linkChanged(linkId, 'rescoped', link));
    });
    this.access.forgetScopes();
    return this.getOne(householdId, linkId);
  }

  private async requireScopeTargets(householdId: string, scope: CareTeamScopeDto | undefined, prefix: string): Promise<void> {
    const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
    await this.scopeTargets.requireDomains(scope?.domains, field('domains'));
    await this.scopeTargets.requireMembers(householdId, scope?.memberIds, field('memberIds'));
  }

  async list(householdId: string, query: ListCareTeamQueryDto): Promise<Page<CareTeamLinkDto>> {
    const reader = await this.access.readerScope(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.links.listPage(householdId, query.includeEnded ?? false, limit, after);
    const today = this.clock.today();
    return toPage(rows, limit, (l) => [instantKey(l.createdAt), l.id], (l) => mapLink(l, today, reader));
  }

  async end(householdId: string, linkId: string, reason: string | undefined): Promise<void> {
    await this.access.requireCaseManager(householdId, { nl: 'het zorgteam wijzigen', en: 'change the care team' });
    // a link of a closed household may still be ended (closing ends none by itself); no household lock
    await this.gate.change(householdId, { allowClosed: true, lock: false }, async (_household, change) => {
      const link = await this.links.findInHousehold(householdId, linkId);
      if (!link) {
        throw CareTeamErrors.create('LINK_NOT_FOUND', {
          nl: `Het huishouden heeft geen koppeling met het zorgteam met id ${linkId}.`,
          en: `The household has no care-team link with id ${linkId}.`,
        });
      }
      if (!(await this.links.end(linkId, this.clock.now(), reason?.trim() || null))) {
        throw CareTeamErrors.create('LINK_ALREADY_ENDED', { nl: 'Deze koppeling is al beëindigd.', en: 'This link has already ended.' });
      }
      await change.record(linkChanged(linkId, 'ended', link));
    });
  }

  private async getOne(householdId: string, linkId: string): Promise<CareTeamLinkDto> {
    const link = await this.links.findWithNames(householdId, linkId);
    if (!link) throw linkNotFound(linkId);
    return mapLink(link, this.clock.today());
  }
}

const linkChanged = (linkId: string, change: 'added' | 'ended' | 'rescoped', link: { organisationId: string; professionalId: string | null }): EventDraft => ({
  type: 'care_team.changed',
  aggregateId: linkId,
  payload: { change, organisationId: link.organisationId, professionalId: link.professionalId },
});
