import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { DOMAIN_EVENTS, type DomainEventPayloads, type DomainEventType } from '../../events/event-types.js';
import { OutboxWakeUp } from '../../events/outbox-wake-up.js';

const OVERDUE = 'action.overdue' satisfies DomainEventType;

/**
 * The `action.overdue` payload built in SQL: one expression per payload key, so the compiler holds it to the event
 * map. `intakeOrganisationId` only when the household has no coordinator (an optional key is absent, not null).
 */
const OVERDUE_PAYLOAD = {
  actionId: 'd.action_id',
  planId: 'd.plan_id',
  goalId: 'd.goal_id',
  dueDate: "to_char(d.due_date, 'YYYY-MM-DD')",
  ownerType: 'd.owner_type',
  ownerId: 'd.owner_id',
} satisfies Record<Exclude<keyof DomainEventPayloads[typeof OVERDUE], 'intakeOrganisationId'>, string>;
const INTAKE_WHEN_VACANT = {
  intakeOrganisationId: 'd.intake_organisation_id',
} satisfies Record<Extract<keyof DomainEventPayloads[typeof OVERDUE], 'intakeOrganisationId'>, string>;
const OVERDUE_PAYLOAD_SQL =
  `jsonb_build_object(${Object.entries(OVERDUE_PAYLOAD).map(([key, sql]) => `'${key}', ${sql}`).join(', ')})` +
  ` || CASE WHEN ${INTAKE_WHEN_VACANT.intakeOrganisationId} IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('intakeOrganisationId', ${INTAKE_WHEN_VACANT.intakeOrganisationId}) END`;

@Injectable()
export class ActionOverdueRepository {
  constructor(
    private readonly tx: TransactionHost,
    private readonly wakeUp: OutboxWakeUp,
  ) {}

  /**
   * One statement: every open or in-progress action of an open household whose due date lies before `today`
   * gets a notice for that due date and, only when the notice is new, its `action.overdue` event. The unique
   * index `uq_action_overdue_notice` decides "new", so concurrent runs and reruns emit nothing twice.
   */
  async emitOverdue(tenantId: string, today: string, now: Date): Promise<number> {
    const [row] = await this.tx.manager.query<Array<{ emitted: number }>>(
      `WITH due AS (
         SELECT a.id AS action_id, a.due_date, a.plan_id, a.goal_id, a.owner_type,
                COALESCE(a.owner_professional_id, a.owner_organisation_id, a.owner_member_id, a.owner_network_member_id) AS owner_id,
                p.household_id,
                CASE WHEN NOT EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.household_id = p.household_id AND ca.ended_at IS NULL)
                     THEN (SELECT o.id FROM organisation o WHERE o.tenant_id = a.tenant_id AND o.is_intake_team ORDER BY o.id LIMIT 1) END AS intake_organisation_id
           FROM plan_action a JOIN plan p ON p.id = a.plan_id JOIN household h ON h.id = p.household_id
          WHERE a.tenant_id = $1 AND a.status IN ('open', 'in_progress') AND a.due_date < $2::date AND h.status <> 'closed'
       ),
       noticed AS (
         INSERT INTO action_overdue_notice (tenant_id, action_id, household_id, due_date, notified_at)
         SELECT $1, d.action_id, d.household_id, d.due_date, $3 FROM due d
         ON CONFLICT (action_id, due_date) DO NOTHING
         RETURNING action_id
       ),
       events AS (
         INSERT INTO outbox_event (tenant_id, type, aggregate_type, aggregate_id, household_id, actor_id, payload, occurred_at)
         SELECT $1, $4, $5, d.action_id, d.household_id, NULL, ${OVERDUE_PAYLOAD_SQL}, $3
           FROM noticed n JOIN due d ON d.action_id = n.action_id
         RETURNING 1
       )
       SELECT count(*)::int AS emitted FROM events`,
      [tenantId, today, now, OVERDUE, DOMAIN_EVENTS[OVERDUE].aggregate],
    );
    if (row!.emitted > 0) this.wakeUp.afterCommit();
    return row!.emitted;
  }

  async tenantIds(): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ id: string }>>('SELECT id FROM tenant ORDER BY id');
    return rows.map((r) => r.id);
  }
}
