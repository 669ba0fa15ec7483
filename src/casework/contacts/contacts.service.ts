import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../../access/access.service.js';
import { CaseworkAccessService } from '../casework-access.service.js';
import { parseInstant } from '../casework-validators.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, filledPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { CaseErrors } from '../../households/case-gate.errors.js';
import { CaseGate } from '../../households/case-gate.js';
import { HouseholdsRepository } from '../../households/households.repository.js';
import { OCCURRED_AT_SKEW_MS } from './contact-kind.js';
import { ContactErrors } from './contacts.errors.js';
import { contactItem, mapContact } from './contacts.mapper.js';
import { ContactsRepository, type ContactRow } from './contacts.repository.js';
import { scopeCovers, type ReaderScope } from '../../access/reader-scope.js';

const inScope = (row: ContactRow, scope: ReaderScope) => scopeCovers(scope, contactItem(row.members.map((m) => m.memberId)));
import type { ContactDto, CreateContactDto } from './dto/contact.dto.js';

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly households: HouseholdsRepository,
    private readonly caseworkAccess: CaseworkAccessService,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly gate: CaseGate,
    private readonly clock: Clock,
  ) {}

  /** Records a contact moment: by the coordinator, a supervisor or a professional on the care team. */
  async record(householdId: string, input: CreateContactDto): Promise<ContactDto> {
    await this.caseworkAccess.requireCaseWorker(householdId, { nl: 'contactmomenten vastleggen', en: 'record contact moments' });
    const actor = this.context.actor;
    const occurredAt = parseInstant(input.occurredAt);
    if (occurredAt.getTime() > this.clock.now().getTime() + OCCURRED_AT_SKEW_MS) {
      throw ContactErrors.create('OCCURRED_AT_IN_FUTURE', {
        nl: 'occurredAt ligt in de toekomst; leg een contactmoment vast nadat het heeft plaatsgevonden.',
        en: 'occurredAt lies in the future; record a contact moment once it has taken place.',
      }, {
        errors: [{ field: 'occurredAt', messages: [{ nl: 'occurredAt mag niet in de toekomst liggen', en: 'occurredAt must not be in the future' }] }],
      });
    }
    const memberIds = input.memberIds ?? [];
    // a member outside the caller's scope is as unknown as one that does not exist (below); the rest must be covered
    const scope = await this.access.readerScope(householdId);
    const outOfScope = new Set(memberIds.filter((m) => !scopeCovers(scope, { memberIds: [m] })));
    if (outOfScope.size === 0) await this.access.requireWithinScope(householdId, contactItem(memberIds), { nl: 'dit contactmoment vastleggen', en: 'record this contact moment' });
    const id = await this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; heropen het voordat u contactmomenten vastlegt.', en: 'The household is closed; reopen it before recording contact moments.' }, lock: 'share' }, async (_household, change) => {
      if (memberIds.length > 0) {
        const active = new Set((await this.households.findActiveMembers([householdId])).map((m) => m.id));
        const unknown = memberIds.map((memberId, i) => ({ memberId, i })).filter(({ memberId }) => !active.has(memberId) || outOfScope.has(memberId));
        if (unknown.length > 0) {
          throw CaseErrors.create('MEMBER_NOT_IN_HOUSEHOLD', { nl: `Geen actieve leden van huishouden ${householdId}: ${unknown.map((u) => u.memberId).join(', ')}.`, en: `Not active members of household ${householdId}: ${unknown.map((u) => u.memberId).join(', ')}.` }, {
            errors: unknown.map(({ i }) => ({ field: `memberIds[${i}]`, messages: [{ nl: 'moet een actief lid van dit huishouden zijn', en: 'must be an active member of this household' }] })),
          });
        }
      }
      const contact = await this.contacts.insert(
        { tenantId: actor.tenantId, householdId, kind: input.kind, occurredAt, recordedById: actor.professionalId, note: input.note.trim() },
        memberIds,
      );
      await change.record({ type: 'contact.recorded', aggregateId: contact.id, payload: { kind: contact.kind, memberIds } });
      return contact.id;
    });
    return this.load(householdId, id);
  }

  async get(householdId: string, contactId: string): Promise<ContactDto> {
    const scope = await this.access.readerScope(householdId);
    return this.load(householdId, contactId, scope);
  }

  async list(householdId: string, query: PageQueryDto): Promise<Page<ContactDto>> {
    const scope = await this.access.readerScope(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const tenantId = this.context.actor.tenantId;
    return filledPage(
      limit,
      before,
      (after) => this.contacts.listPage(tenantId, householdId, limit, after),
      (r): [string, string] => [instantKey(r.contact.occurredAt), r.contact.id],
      (r) => (inScope(r, scope) ? mapContact(r) : null),
    );
  }

  /** Without a scope: the answer to the one who just recorded it. Outside the scope: not found, as if it did not exist. */
  private async load(householdId: string, contactId: string, scope?: ReaderScope): Promise<ContactDto> {
    const row = await this.contacts.findInHousehold(this.context.actor.tenantId, householdId, contactId);
    if (!row || (scope && !inScope(row, scope))) {
      throw ContactErrors.create('CONTACT_NOT_FOUND', {
        nl: `Het huishouden heeft geen contactmoment met id ${contactId}.`,
        en: `The household has no contact moment with id ${contactId}.`,
      });
    }
    return mapContact(row);
  }
}
