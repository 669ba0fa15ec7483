import { Injectable } from '@nestjs/common';
import { careTeamLinkStands } from '../../access/care-team-link.predicate.js';
import { eventCaseItem } from '../../access/event-case-item.sql.js';
import { linkCoversItem } from '../../access/reader-scope.sql.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { asStoredEvent, type StoredDomainEvent } from '../../events/domain-event.js';
import { isDomainEventType } from '../../events/event-types.js';

export type StoredEvent = StoredDomainEvent;

/**
 * Who was involved with a household at the moment of an event. Asking "as of the event" (not "now") makes a
 * late or repeated fan-out reach the same people, and never someone who joined or left in between.
 */
@Injectable()
export class RecipientsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Loads the event and marks it processed in one statement; the row lock also makes two concurrent runs of
   * the same event take turns.
   */
  async claimEvent(eventId: string): Promise<StoredEvent | undefined> {
    const [row] = await this.tx.manager.query<
      Array<{ id: string; tenant_id: string; type: string; household_id: string | null; actor_id: string | null; payload: unknown; occurred_at: Date }>
    >(
      // Wrapped in a CTE so the driver returns rows (a bare UPDATE answers [rows, count] through TypeORM).
      `WITH claimed AS (UPDATE outbox_event SET processed_at = COALESCE(processed_at, now()) WHERE id = $1
         RETURNING id::text AS id, tenant_id, type, household_id, actor_id, payload, occurred_at)
       SELECT * FROM claimed`,
      [eventId],
    );
    // every writer builds events from the event map; a type outside it (none is known) is claimed and told to nobody
    if (!row || !isDomainEventType(row.type)) return undefined;
    return asStoredEvent({ id: row.id, tenantId: row.tenant_id, type: row.type, householdId: row.household_id, actorId: row.actor_id, payload: row.payload, occurredAt: row.occurred_at });
  }

  /** Coordinators and care team at that moment (the one "link stands" rule, as of the event), in one round trip. */
  async involvedAt(householdId: string, at: Date): Promise<{ coordinatorIds: string[]; professionalIds: string[]; organisationIds: string[] }> {
    const rows = await this.tx.manager.query<Array<{ kind: 'coordinator' | 'link'; professional_id: string | null; organisation_id: string | null }>>(
      `SELECT 'coordinator' AS kind, professional_id, NULL::uuid AS organisation_id FROM coordinator_assignment
        WHERE household_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at >= $2)
       UNION ALL
       SELECT 'link', ct.professional_id, ct.organisation_id FROM care_team_link ct
        WHERE ct.household_id = $1 AND ${careTeamLinkStands('ct', { at: '$2' })}`,
      [householdId, at],
    );
    const links = rows.filter((r) => r.kind === 'link');
    return {
      coordinatorIds: rows.filter((r) => r.kind === 'coordinator').map((r) => r.professional_id!),
      professionalIds: links.flatMap((r) => (r.professional_id ? [r.professional_id] : [])),
      organisationIds: [...new Set(links.map((r) => r.organisation_id!))],
    };
  }



  /**
   * Purpose limitation for an event of a category (member, domain, contact note): of these professionals and
   * organisations, those one of whose links standing at the event opens what it is about — the one predicate
   * (`linkCoversItem`), at the event's moment. A professional is covered by their own link or their organisation's
   * organisation-level link; an organisation by any of its links.
   */
  async coveredBy(eventId: string, professionalIds: string[], organisationIds: string[]): Promise<{ professionalIds: Set<string>; organisationIds: Set<string> }> {
    const covering = (match: string) =>
      `EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = e.household_id AND ${match}` +
      ` AND ${careTeamLinkStands('ct', { at: 'e.occurred_at' })} AND ${linkCoversItem('ct', eventCaseItem('e'))})`;
    const rows = await this.tx.manager.query<Array<{ kind: 'professional' | 'organisation'; id: string }>>(
      `SELECT 'professional' AS kind, p.id FROM outbox_event e JOIN professional p ON p.id = ANY($2::uuid[]) AND p.tenant_id = e.tenant_id
        WHERE e.id = $1 AND ${covering('(ct.professional_id = p.id OR (ct.professional_id IS NULL AND ct.organisation_id = p.organisation_id))')}
       UNION ALL
       SELECT 'organisation', o.id FROM outbox_event e CROSS JOIN unnest($3::uuid[]) AS o(id)
        WHERE e.id = $1 AND ${covering('ct.organisation_id = o.id')}`,
      [eventId, professionalIds, organisationIds],
    );
    return {
      professionalIds: new Set(rows.filter((r) => r.kind === 'professional').map((r) => r.id)),
      organisationIds: new Set(rows.filter((r) => r.kind === 'organisation').map((r) => r.id)),
    };
  }

  /**
   * Of `codes`, the life domains the organisation may hear of in the event: those one of its links standing at the
   * event's moment covers together with the rest of what the event is about (its members above all) — per link, so
   * a link for the parent's finances does not add finances to news about the child (the one predicate, per domain).
   */
  async coveredDomainCodes(eventId: string, organisationId: string, codes: string[]): Promise<Set<string>> {
    const rows = await this.tx.manager.query<Array<{ code: string }>>(
      `SELECT d.code FROM outbox_event e CROSS JOIN unnest($3::varchar[]) AS d(code)
        WHERE e.id = $1 AND EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = e.household_id AND ct.organisation_id = $2
                        AND ${careTeamLinkStands('ct', { at: 'e.occurred_at' })} AND ${linkCoversItem('ct', { ...eventCaseItem('e'), domains: 'ARRAY[d.code]::varchar[]' })})`,
      [eventId, organisationId, codes],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** Whether one of the organisation's links standing at the event's moment covers the member (the one predicate). */
  async seesMember(eventId: string, organisationId: string, memberId: string): Promise<boolean> {
    const [row] = await this.tx.manager.query<Array<{ sees: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM outbox_event e JOIN care_team_link ct ON ct.household_id = e.household_id AND ct.organisation_id = $2
                       WHERE e.id = $1 AND ${careTeamLinkStands('ct', { at: 'e.occurred_at' })} AND ${linkCoversItem('ct', { memberIds: 'ARRAY[$3::uuid]' })}) AS sees`,
      [eventId, organisationId, memberId],
    );
    return row?.sees === true;
  }

  async supervisors(tenantId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(`SELECT id FROM professional WHERE tenant_id = $1 AND active AND 'supervisor' = ANY(roles)`, [tenantId]);
    return rows.map((r) => r.id);
  }

  async privacyOfficers(tenantId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(`SELECT id FROM professional WHERE tenant_id = $1 AND active AND 'privacy_officer' = ANY(roles)`, [tenantId]);
    return rows.map((r) => r.id);
  }

  async coordinatorsOfOrganisation(tenantId: string, organisationId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT id FROM professional WHERE tenant_id = $1 AND organisation_id = $2 AND active AND 'coordinator' = ANY(roles)`,
      [tenantId, organisationId],
    );
    return rows.map((r) => r.id);
  }

  /** The organisation's own admins; the municipality's admins when it has none. */
  async organisationAdmins(tenantId: string, organisationId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string; organisation_id: string }>>(
      `SELECT id, organisation_id FROM professional WHERE tenant_id = $1 AND active AND 'admin' = ANY(roles)`,
      [tenantId],
    );
    const own = rows.filter((r) => r.organisation_id === organisationId);
    return (own.length > 0 ? own : rows).map((r) => r.id);
  }
}
