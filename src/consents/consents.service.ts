import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { scopeCovers } from '../access/reader-scope.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { decodeCursor, pageLimit, filledPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ConsentErrors } from './consents.errors.js';
import { consentItem, isConsentValid, mapConsent } from './consents.mapper.js';
import { ConsentsRepository } from './consents.repository.js';
import type { ConsentDto, CreateConsentDto } from './dto/consent.dto.js';
import { ScopeTargets } from './scope-targets.js';

@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly households: HouseholdsRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly scopeTargets: ScopeTargets,
  ) {}

  async record(householdId: string, input: CreateConsentDto): Promise<ConsentDto> {
    await this.access.requireCaseManager(householdId, { nl: 'toestemmingen vastleggen', en: 'record consents' });
    const actor = this.context.actor;
    const validFrom = input.validFrom ?? this.clock.today();
    if (input.validUntil && input.validUntil < validFrom) {
      throw CommonErrors.create('INVALID_PERIOD', { nl: 'validUntil moet op of na validFrom liggen.', en: 'validUntil must be on or after validFrom.' }, { errors: [{ field: 'validUntil', messages: [{ nl: 'validUntil mag niet vóór validFrom liggen', en: 'validUntil must not be before validFrom' }] }] });
    }
    if (!(await this.organisations.findInTenant(actor.tenantId, input.organisationId))) {
      throw ConsentErrors.create('UNKNOWN_ORGANISATION', {
        nl: `Er bestaat geen organisatie met id ${input.organisationId} in uw gemeente.`,
        en: `No organisation with id ${input.organisationId} exists in your municipality.`,
      }, {
        errors: [{ field: 'organisationId', messages: [{ nl: 'organisationId moet een organisatie van uw gemeente zijn', en: 'organisationId must be an organisation of your municipality' }] }],
      });
    }
    if (input.memberId && !(await this.households.findActiveMember(householdId, input.memberId))) {
      throw ConsentErrors.create('UNKNOWN_MEMBER', {
        nl: `Het huishouden heeft geen gezinslid met id ${input.memberId}.`,
        en: `The household has no member with id ${input.memberId}.`,
      }, { errors: [{ field: 'memberId', messages: [{ nl: 'memberId moet een lid van dit huishouden zijn', en: 'memberId must be a member of this household' }] }] });
    }
    await this.scopeTargets.requireDomains(input.domains, 'domains');
    const consent = await this.tx.run(() =>
      this.consents.insert({
        tenantId: actor.tenantId,
        householdId,
        memberId: input.memberId ?? null,
        organisationId: input.organisationId,
        purpose: input.purpose.trim(),
        scopeDomains: input.domains ?? null,
        basis: input.basis,
        validFrom,
        validUntil: input.validUntil ?? null,
        recordedById: actor.professionalId,
        recordedAt: this.clock.now(),
      }),
    );
    return mapConsent(consent, this.clock.today());
  }

  async list(householdId: string, query: PageQueryDto): Promise<Page<ConsentDto>> {
    const scope = await this.access.readerScope(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const today = this.clock.today();
    // purpose limitation: a consent given for a member, or for life domains, the reader may not see (its purpose may
    // name a treatment, a debt settlement) is left out
    return filledPage(
      limit,
      after,
      (cursor) => this.consents.listPage(householdId, limit, cursor),
      (c): [string, string] => [instantKey(c.recordedAt), c.id],
      (c) => (scopeCovers(scope, consentItem(c)) ? mapConsent(c, today, scope) : null),
    );
  }

  /** Withdrawal ends, in the same transaction, every care-team link that rested on the consent. */
  async withdraw(householdId: string, consentId: string, reason: string): Promise<ConsentDto> {
    await this.access.requireCaseManager(householdId, { nl: 'toestemmingen intrekken', en: 'withdraw consents' });
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const consent = await this.consents.find(householdId, consentId);
      if (!consent) {
        throw ConsentErrors.create('CONSENT_NOT_FOUND', {
          nl: `Het huishouden heeft geen toestemming met id ${consentId}.`,
          en: `The household has no consent with id ${consentId}.`,
        });
      }
      const now = this.clock.now();
      if (!(await this.consents.withdraw(consentId, now, actor.professionalId, reason.trim()))) {
        throw ConsentErrors.create('CONSENT_ALREADY_WITHDRAWN', { nl: 'Deze toestemming is al ingetrokken.', en: 'This consent was already withdrawn.' });
      }
      const endedLinks = await this.consents.endLinksOf(consentId, now);
      await this.outbox.recordAt(
        now,
        createEvent(
          'consent.withdrawn',
          { tenantId: actor.tenantId, aggregateId: householdId, householdId, actorId: actor.professionalId },
          { consentId, organisationId: consent.organisationId, endedLinks: endedLinks.length },
        ),
        // each link it ended, as ending it by hand would say: the timeline shows it, and whoever it involved hears of
        // it (an outside run saw a withdrawal end a debt counsellor's link with nobody told and nothing on the timeline)
        ...endedLinks.map((link) =>
          createEvent(
            'care_team.changed',
            { tenantId: actor.tenantId, aggregateId: link.id, householdId, actorId: actor.professionalId },
            { change: 'ended', organisationId: link.organisationId, professionalId: link.professionalId },
          ),
        ),
      );
      return mapConsent((await this.consents.find(householdId, consentId))!, this.clock.today());
    });
  }

  /** For care-team links: the consent must exist for this household and organisation and be valid today. */
  async requireUsable(householdId: string, organisationId: string, consentId: string): Promise<void> {
    const consent = await this.consents.findForShare(householdId, consentId);
    if (!consent || consent.organisationId !== organisationId || !isConsentValid(consent, this.clock.today())) {
      throw ConsentErrors.create('CONSENT_NOT_USABLE', {
        nl: `Toestemming ${consentId} is geen geldige toestemming van deze organisatie voor dit huishouden.`,
        en: `Consent ${consentId} is not a valid consent of this organisation for this household.`,
      }, {
        errors: [{ field: 'consentId', messages: [{ nl: 'consentId moet een geldige toestemming van organisationId voor dit huishouden zijn', en: 'consentId must be a valid consent of organisationId for this household' }] }],
      });
    }
  }
}
