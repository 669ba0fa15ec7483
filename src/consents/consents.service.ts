import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { ConsentErrors } from './consents.errors.js';
import { isConsentValid, mapConsent } from './consents.mapper.js';
import { ConsentsRepository } from './consents.repository.js';
import type { ConsentDto, CreateConsentDto } from './dto/consent.dto.js';

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
  ) {}

  async record(householdId: string, input: CreateConsentDto): Promise<ConsentDto> {
    await this.access.requireCaseManager(householdId, 'record consents');
    const actor = this.context.actor;
    const validFrom = input.validFrom ?? this.clock.today();
    if (input.validUntil && input.validUntil < validFrom) {
      throw ConsentErrors.create('INVALID_PERIOD', 'validUntil must be on or after validFrom.', { errors: [{ field: 'validUntil', messages: ['validUntil must not be before validFrom'] }] });
    }
    if (!(await this.organisations.findInTenant(actor.tenantId, input.organisationId))) {
      throw ConsentErrors.create('UNKNOWN_ORGANISATION', `No organisation with id ${input.organisationId} exists in your municipality.`, {
        errors: [{ field: 'organisationId', messages: ['organisationId must be an organisation of your municipality'] }],
      });
    }
    if (input.memberId && !(await this.households.findActiveMember(householdId, input.memberId))) {
      throw ConsentErrors.create('UNKNOWN_MEMBER', `The household has no member with id ${input.memberId}.`, { errors: [{ field: 'memberId', messages: ['memberId must be a member of this household'] }] });
    }
    const consent = await this.tx.run(() =>
      this.consents.insert({
        tenantId: actor.tenantId,
        householdId,
        memberId: input.memberId ?? null,
        organisationId: input.organisationId,
        purpose: input.purpose.trim(),
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
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const today = this.clock.today();
    const rows = await this.consents.listPage(householdId, limit, after);
    return toPage(rows, limit, (c) => [c.recordedAt.toISOString(), c.id], (c) => mapConsent(c, today));
  }

  /** Withdrawal ends, in the same transaction, every care-team link that rested on the consent. */
  async withdraw(householdId: string, consentId: string, reason: string): Promise<ConsentDto> {
    await this.access.requireCaseManager(householdId, 'withdraw consents');
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const consent = await this.consents.find(householdId, consentId);
      if (!consent) throw ConsentErrors.create('CONSENT_NOT_FOUND', `The household has no consent with id ${consentId}.`);
      const now = this.clock.now();
      if (!(await this.consents.withdraw(consentId, now, actor.professionalId, reason.trim()))) {
        throw ConsentErrors.create('CONSENT_ALREADY_WITHDRAWN', 'This consent was already withdrawn.');
      }
      const endedLinks = await this.consents.endLinksOf(consentId, now);
      await this.outbox.recordAt(now, {
        type: 'consent.withdrawn',
        tenantId: actor.tenantId,
        aggregateType: 'household',
        aggregateId: householdId,
        householdId,
        actorId: actor.professionalId,
        payload: { consentId, organisationId: consent.organisationId, endedLinks },
      });
      return mapConsent((await this.consents.find(householdId, consentId))!, this.clock.today());
    });
  }

  /** For care-team links: the consent must exist for this household and organisation and be valid today. */
  async requireUsable(householdId: string, organisationId: string, consentId: string): Promise<void> {
    const consent = await this.consents.find(householdId, consentId);
    if (!consent || consent.organisationId !== organisationId || !isConsentValid(consent, this.clock.today())) {
      throw ConsentErrors.create('CONSENT_NOT_USABLE', `Consent ${consentId} is not a valid consent of this organisation for this household.`, {
        errors: [{ field: 'consentId', messages: ['consentId must be a valid consent of organisationId for this household'] }],
      });
    }
  }
}
