import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';

@Injectable()
export class CaseworkAccessRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * On the household's active care team today: a professional-level link to the actor, or an
   * organisation-level link to the actor's organisation — the same period rule as visibility.
   */
  async isOnActiveCareTeam(actor: Actor, householdId: string, today: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      `SELECT 1 FROM care_team_link ct
        WHERE ct.tenant_id = $1 AND ct.household_id = $2 AND ct.ended_at IS NULL
          AND ct.starts_on <= CAST($5 AS date) AND (ct.ends_on IS NULL OR ct.ends_on >= CAST($5 AS date))
          AND (ct.professional_id = $3 OR (ct.professional_id IS NULL AND ct.organisation_id = $4))
        LIMIT 1`,
      [actor.tenantId, householdId, actor.professionalId, actor.organisationId, today],
    );
    return rows.length > 0;
  }
}
