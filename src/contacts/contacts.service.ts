import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { CaseworkAccessService } from '../casework/casework-access.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { OCCURRED_AT_SKEW_MS } from './contact-kind.js';
import { ContactErrors } from './contacts.errors.js';
import { mapContact } from './contacts.mapper.js';
import { ContactsRepository } from './contacts.repository.js';
import type { ContactDto, CreateContactDto } from './dto/contact.dto.js';

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly households: HouseholdsRepository,
    private readonly caseworkAccess: CaseworkAccessService,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** Records a contact moment: by the coordinator, a supervisor or a professional on the care team. */
  async record(householdId: string, input: CreateContactDto): Promise<ContactDto> {
    await this.caseworkAccess.requireCaseWorker(householdId, 'record contact moments');
    const actor = this.context.actor;
    const occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > this.clock.now().getTime() + OCCURRED_AT_SKEW_MS) {
      throw ContactErrors.create('OCCURRED_AT_IN_FUTURE', 'occurredAt lies in the future; record a contact moment once it has taken place.', {
        errors: [{ field: 'occurredAt', messages: ['occurredAt must not be in the future'] }],
      });
    }
    const memberIds = input.memberIds ?? [];
    const id = await this.tx.run(async () => {
      const household = await this.households.findById(actor.tenantId, householdId);
      if (!household) throw householdNotFound(householdId);
      if (household.status === 'closed') throw ContactErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; reopen it before recording contact moments.');
      if (memberIds.length > 0) {
        const active = new Set((await this.households.findActiveMembers([householdId])).map((m) => m.id));
        const unknown = memberIds.map((memberId, i) => ({ memberId, i })).filter(({ memberId }) => !active.has(memberId));
        if (unknown.length > 0) {
          throw ContactErrors.create('MEMBER_NOT_IN_HOUSEHOLD', `Not active members of household ${householdId}: ${unknown.map((u) => u.memberId).join(', ')}.`, {
            errors: unknown.map(({ i }) => ({ field: `memberIds[${i}]`, messages: ['must be an active member of this household'] })),
          });
        }
      }
      const contact = await this.contacts.insert(
        { tenantId: actor.tenantId, householdId, kind: input.kind, occurredAt, recordedById: actor.professionalId, note: input.note.trim() },
        memberIds,
      );
      await this.outbox.record({
        type: 'contact.recorded',
        tenantId: actor.tenantId,
        aggregateType: 'contact',
        aggregateId: contact.id,
        householdId,
        actorId: actor.professionalId,
        payload: { kind: contact.kind, memberIds },
      });
      return contact.id;
    });
    return this.load(householdId, id);
  }

  async get(householdId: string, contactId: string): Promise<ContactDto> {
    await this.access.requireVisible(householdId);
    return this.load(householdId, contactId);
  }

  async list(householdId: string, query: PageQueryDto): Promise<Page<ContactDto>> {
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.contacts.listPage(this.context.actor.tenantId, householdId, limit, before);
    return toPage(rows, limit, (r) => [r.contact.occurredAt.toISOString(), r.contact.id], mapContact);
  }

  private async load(householdId: string, contactId: string): Promise<ContactDto> {
    const row = await this.contacts.findInHousehold(this.context.actor.tenantId, householdId, contactId);
    if (!row) throw ContactErrors.create('CONTACT_NOT_FOUND', `The household has no contact moment with id ${contactId}.`);
    return mapContact(row);
  }
}
