import { Injectable } from '@nestjs/common';
import { INBOX_RULES, PAYLOAD_ORGANISATION_KEYS, PAYLOAD_PROFESSIONAL_KEYS } from './recipient-rules.js';
import { RecipientsRepository, type StoredEvent } from './recipients.repository.js';

export interface Recipients {
  professionalIds: string[];
  organisationIds: string[];
  /** Those who may see the household itself (coordinator, care team, intake when vacant); others get no household id. */
  insiderIds: Set<string>;
}

/** Signals must not reveal the household to organisations that only signalled ("who is involved, not what"). */
export const isSignalEvent = (type: string) => type.startsWith('signal.');

/** The event as told to someone who may not see the household: without its id, in any form. */
export function withoutHousehold<E extends { householdId: string | null; payload: Record<string, unknown> }>(event: E): E {
  const { householdId: _dropped, ...payload } = event.payload;
  return { ...event, householdId: null, payload };
}

@Injectable()
export class RecipientResolver {
  constructor(private readonly recipients: RecipientsRepository) {}

  async resolve(event: StoredEvent): Promise<Recipients> {
    const audiences = INBOX_RULES[event.type] ?? [];
    const people = new Set<string>();
    const insiders = new Set<string>();
    const organisations = new Set<string>(idsIn(event.payload, PAYLOAD_ORGANISATION_KEYS));
    const team = event.householdId ? await this.recipients.involvedAt(event.householdId, event.occurredAt) : { coordinatorIds: [], professionalIds: [], organisationIds: [] };
    team.organisationIds.forEach((o) => organisations.add(o));
    // action owners that are organisations hear about it by webhook
    if (event.payload.ownerType === 'organisation' && typeof event.payload.ownerId === 'string') organisations.add(event.payload.ownerId);

    team.coordinatorIds.forEach((p) => insiders.add(p));
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
          (await this.recipients.supervisors(event.tenantId)).forEach((p) => people.add(p));
          break;
        case 'payloadProfessionals':
          idsIn(event.payload, PAYLOAD_PROFESSIONAL_KEYS).forEach((p) => people.add(p));
          if (event.payload.ownerType === 'professional' && typeof event.payload.ownerId === 'string') people.add(event.payload.ownerId);
          break;
        case 'intakeCoordinators':
          if (typeof event.payload.intakeOrganisationId === 'string') {
            for (const p of await this.recipients.coordinatorsOfOrganisation(event.tenantId, event.payload.intakeOrganisationId)) {
              people.add(p);
              insiders.add(p); // coordinators see households that wait for a coordinator
            }
          }
          break;
      }
    }
    if (event.actorId) people.delete(event.actorId);
    // Inactive professionals and ids of another tenant are dropped when the inbox rows are written.
    return { professionalIds: [...people], organisationIds: [...organisations], insiderIds: insiders };
  }
}

function idsIn(payload: Record<string, unknown>, keys: string[]): string[] {
  return keys.flatMap((key) => {
    const value = payload[key];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return [];
  });
}
