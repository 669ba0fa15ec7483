import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

export interface StoredEvent {
  id: string;
  tenantId: string;
  type: string;
  householdId: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

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
      Array<{ id: string; tenant_id: string; type: string; household_id: string | null; actor_id: string | null; payload: Record<string, unknown>; occurred_at: Date }>
    >(
      // Wrapped in a CTE so the driver returns rows (a bare UPDATE answers [rows, count] through TypeORM).
      `WITH claimed AS (UPDATE outbox_event SET processed_at = COALESCE(processed_at, now()) WHERE id = $1
         RETURNING id::text AS id, tenant_id, type, household_id, actor_id, payload, occurred_at)
       SELECT * FROM claimed`,
      [eventId],
    );
    return row && { id: row.id, tenantId: row.tenant_id, type: row.type, householdId: row.household_id, actorId: row.actor_id, payload: row.payload, occurredAt: row.occurred_at };
  }

  /** Coordinators and care team at that moment, in one round trip. */
  async involvedAt(householdId: string, at: Date): Promise<{ coordinatorIds: string[]; professionalIds: string[]; organisationIds: string[] }> {
    const rows = await this.tx.manager.query<Array<{ kind: 'coordinator' | 'link'; professional_id: string | null; organisation_id: string | null }>>(
      `SELECT 'coordinator' AS kind, professional_id, NULL::uuid AS organisation_id FROM coordinator_assignment
        WHERE household_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at >= $2)
       UNION ALL
       SELECT 'link', professional_id, organisation_id FROM care_team_link
        WHERE household_id = $1 AND starts_on <= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date
          AND (ends_on IS NULL OR ends_on >= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date)
          AND (ended_at IS NULL OR ended_at >= $2)
          AND (CASE WHEN consent_id IS NULL THEN basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = consent_id AND (cs.withdrawn_at IS NULL OR cs.withdrawn_at >= $2)
               AND cs.valid_from <= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date
               AND (cs.valid_until IS NULL OR cs.valid_until >= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date)) END)`,
      [householdId, at],
    );
    const links = rows.filter((r) => r.kind === 'link');
    return {
      coordinatorIds: rows.filter((r) => r.kind === 'coordinator').map((r) => r.professional_id!),
      professionalIds: links.flatMap((r) => (r.professional_id ? [r.professional_id] : [])),
      organisationIds: [...new Set(links.map((r) => r.organisation_id!))],
    };
  }



  async supervisors(tenantId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(`SELECT id FROM professional WHERE tenant_id = $1 AND active AND 'supervisor' = ANY(roles)`, [tenantId]);
    return rows.map((r) => r.id);
  }

  async coordinatorsOfOrganisation(tenantId: string, organisationId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT id FROM professional WHERE tenant_id = $1 AND organisation_id = $2 AND active AND 'coordinator' = ANY(roles)`,
      [tenantId, organisationId],
    );
    return rows.map((r) => r.id);
  }


}
