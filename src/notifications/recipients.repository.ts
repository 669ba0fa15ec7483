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

  async findEvent(eventId: string): Promise<StoredEvent | undefined> {
    const [row] = await this.tx.manager.query<
      Array<{ id: string; tenant_id: string; type: string; household_id: string | null; actor_id: string | null; payload: Record<string, unknown>; occurred_at: Date }>
    >('SELECT id::text AS id, tenant_id, type, household_id, actor_id, payload, occurred_at FROM outbox_event WHERE id = $1', [eventId]);
    return row && { id: row.id, tenantId: row.tenant_id, type: row.type, householdId: row.household_id, actorId: row.actor_id, payload: row.payload, occurredAt: row.occurred_at };
  }

  async coordinatorsAt(householdId: string, at: Date): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ professional_id: string }>>(
      `SELECT professional_id FROM coordinator_assignment WHERE household_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at >= $2)`,
      [householdId, at],
    );
    return rows.map((r) => r.professional_id);
  }

  /** Care-team links active at that moment: professional-level links name a person, all name an organisation. */
  async careTeamAt(householdId: string, at: Date): Promise<{ professionalIds: string[]; organisationIds: string[] }> {
    const rows = await this.tx.manager.query<Array<{ professional_id: string | null; organisation_id: string }>>(
      `SELECT professional_id, organisation_id FROM care_team_link
        WHERE household_id = $1 AND starts_on <= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date
          AND (ends_on IS NULL OR ends_on >= ($2::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date)
          AND (ended_at IS NULL OR ended_at >= $2)`,
      [householdId, at],
    );
    return {
      professionalIds: rows.flatMap((r) => (r.professional_id ? [r.professional_id] : [])),
      organisationIds: [...new Set(rows.map((r) => r.organisation_id))],
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

  /** Keeps only active professionals of the tenant (ids from payloads are never trusted blindly). */
  async activeProfessionals(tenantId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.tx.manager.query<Array<{ id: string }>>(`SELECT id FROM professional WHERE tenant_id = $1 AND active AND id = ANY($2::uuid[])`, [tenantId, ids]);
    return rows.map((r) => r.id);
  }

  async markProcessed(eventId: string): Promise<void> {
    await this.tx.manager.query('UPDATE outbox_event SET processed_at = now() WHERE id = $1 AND processed_at IS NULL', [eventId]);
  }
}
