import { Injectable } from '@nestjs/common';
import { DOMAIN_EVENTS, type DomainEventType } from '../../events/event-types.js';
import { CATEGORISED_EVENT_TYPES, isCategorisedEvent } from '../../access/event-case-item.sql.js';
import { INBOX_RULES, namedIn } from './recipient-rules.js';
import { RecipientsRepository, type StoredEvent } from './recipients.repository.js';

// every categorised type is an event of the map (access cannot import the map: it stands below events)
const CATEGORISED_ARE_EVENTS: readonly DomainEventType[] = CATEGORISED_EVENT_TYPES;
void CATEGORISED_ARE_EVENTS;

export interface Recipients {
  professionalIds: string[];
  organisationIds: string[];
  /** Those who may see the household itself (coordinator, care team, intake when vacant); others get no household id. */
  insiderIds: Set<string>;
}

/** Signals must not reveal the household to organisations that only signalled ("who is involved, not what"). */
export const isSignalEvent = (type: DomainEventType) => DOMAIN_EVENTS[type].aggregate === 'signal';

/** The event as told to someone who may not see the household: without its id, in any form. */
export function withoutHousehold<E extends { householdId: string | null; payload: object }>(event: E): E {
  const { householdId: _dropped, ...payload } = event.payload as { householdId?: unknown };
  return { ...event, householdId: null, payload };
}

@Injectable()
export class RecipientResolver {
  constructor(private readonly recipients: RecipientsRepository) {}

  async resolve(event: StoredEvent): Promise<Recipients> {
    const audiences = INBOX_RULES[event.type] ?? [];
    const named = namedIn(event);
    const people = new Set<string>();
    const insiders = new Set<string>();
    // who sees the whole case (coordinators, supervisors, intake): never narrowed by purpose limitation
    const wholeCase = new Set<string>();
    // named organisations (action owners that are organisations among them) hear about it by webhook
    const organisations = new Set<string>(named.organisationIds);
    const team = event.householdId ? await this.recipients.involvedAt(event.householdId, event.occurredAt) : { coordinatorIds: [], professionalIds: [], organisationIds: [] };
    team.organisationIds.forEach((o) => organisations.add(o));

    team.coordinatorIds.forEach((p) => insiders.add(p));
    team.coordinatorIds.forEach((p) => wholeCase.add(p));
    team.professionalIds.forEach((p) => insiders.add(p));
    for (const audience of audiences) {
      switch (audience) {
        case 'coordinator':
          team.coordinatorIds.forEach((p) => people.add(p));
          break;
        case 'careTeam':
          team.professionalIds.forEach((p) => people.add(p));
          break;
        case 'supervisors':
          for (const p of await this.recipients.supervisors(event.tenantId)) {
            people.add(p);
            wholeCase.add(p);
          }
          break;
        case 'payloadProfessionals':
          named.professionalIds.forEach((p) => people.add(p));
          break;
        case 'intakeCoordinators':
          if (named.intakeOrganisationId) {
            for (const p of await this.recipients.coordinatorsOfOrganisation(event.tenantId, named.intakeOrganisationId)) {
              people.add(p);
              insiders.add(p); // coordinators see households that wait for a coordinator
              wholeCase.add(p);
            }
          }
          break;
        case 'privacyOfficers':
          (await this.recipients.privacyOfficers(event.tenantId)).forEach((p) => people.add(p));
          break;
        case 'organisationAdmins':
          for (const organisationId of named.organisationIds) {
            (await this.recipients.organisationAdmins(event.tenantId, organisationId)).forEach((p) => people.add(p));
          }
          break;
      }
    }
    if (event.actorId) people.delete(event.actorId);
    if (event.householdId && isCategorisedEvent(event.type)) {
      // a signalling organisation and its signallers hear of their own signal (and of who else signalled) whatever
      // their care-team scope; it is another organisation's signal that a narrowed partner does not hear of. So does
      // the organisation whose consent was withdrawn (its links ended with it): another's consent is what is narrowed
      const theirOwn = isSignalEvent(event.type) || event.type === 'consent.withdrawn';
      const own = theirOwn ? { professionalIds: new Set(named.professionalIds), organisationIds: new Set(named.organisationIds) } : undefined;
      await this.narrowToScope(event, people, organisations, wholeCase, own);
    }
    // Inactive professionals and ids of another tenant are dropped when the inbox rows are written.
    return { professionalIds: [...people], organisationIds: [...organisations], insiderIds: insiders };
  }

  /**
   * Purpose limitation: a partner (a professional or organisation involved through care-team links) hears of a
   * change to a member, a life domain, a contact note, an escalation or a signal only when one of their links covers
   * it — by inbox, e-mail and webhook alike, since all three are fed from these recipients. `own`: those the event is
   * theirs to hear regardless (the signalling organisation of a signal event).
   */
  private async narrowToScope(
    event: StoredEvent,
    people: Set<string>,
    organisations: Set<string>,
    wholeCase: Set<string>,
    own: { professionalIds: Set<string>; organisationIds: Set<string> } = { professionalIds: new Set(), organisationIds: new Set() },
  ): Promise<void> {
    const partners = [...people].filter((p) => !wholeCase.has(p) && !own.professionalIds.has(p));
    const others = [...organisations].filter((o) => !own.organisationIds.has(o));
    if (partners.length === 0 && others.length === 0) return;
    const covered = await this.recipients.coveredBy(event.id, partners, others);
    for (const p of partners) if (!covered.professionalIds.has(p)) people.delete(p);
    for (const o of others) if (!covered.organisationIds.has(o)) organisations.delete(o);
  }
}
