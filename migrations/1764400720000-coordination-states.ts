import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

const OLD_RULES = "'NO_COORDINATOR', 'NO_PLAN', 'PLAN_NOT_UPDATED', 'ACTIONS_OVERDUE', 'NO_CONTACT', 'REVIEW_OVERDUE', 'SIGNAL_UNANSWERED', 'NO_PROGRESS'";
const NEW_RULES = "'NO_COORDINATOR', 'NO_PLAN', 'PLAN_NOT_UPDATED', 'ACTIONS_OVERDUE', 'NO_CONTACT', 'REVIEW_OVERDUE', 'SIGNAL_UNANSWERED', 'NO_PROGRESS', 'HANDOVER_PENDING'";
const RULE_CHECKS: Array<[string, string]> = [
  ['stalled_case', 'ck_stalled_case_rule'],
  ['stall_snooze', 'ck_stall_snooze_rule'],
  ['stall_rule_setting', 'ck_stall_rule_setting_rule'],
];

/**
 * Coordination states (SPEC, second round): `assigned`, `handover_proposed` or `vacant` with since and reason,
 * stored in `household_coordination` and kept by triggers, so that whatever code changes an assignment (a
 * hand-over, a bulk caseload hand-over, closing, reopening, the seed) the state agrees with the assignments —
 * never an implicit vacancy. Hand-over proposals (`coordinator_handover`) with an optional overlap in which the
 * outgoing coordinator stays involved but is not accountable: the overlap lives on the ended assignment
 * (check `ck_coordinator_assignment_overlap`), so the one open assignment stays the only accountable one. And the
 * stall rule HANDOVER_PENDING.
 */
export class CoordinationStates1764400720000 implements MigrationInterface {
  name = 'CoordinationStates1764400720000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "coordinator_handover" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "from_professional_id" uuid NOT NULL, "to_professional_id" uuid NOT NULL, "proposed_by_id" uuid NOT NULL, "reason" character varying(1000) NOT NULL, "overlap_days" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'proposed', "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decline_reason" character varying(1000), CONSTRAINT "ck_coordinator_handover_people" CHECK ("from_professional_id" <> "to_professional_id"), CONSTRAINT "ck_coordinator_handover_overlap" CHECK ("overlap_days" BETWEEN 0 AND 90), CONSTRAINT "ck_coordinator_handover_decided" CHECK (("status" = 'proposed') = ("decided_at" IS NULL)), CONSTRAINT "ck_coordinator_handover_status" CHECK ("status" IN ('proposed', 'accepted', 'declined', 'withdrawn')), CONSTRAINT "PK_eb00ff5b2067188ea1a716c5c70" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_coordinator_handover_to" ON "coordinator_handover"  ("to_professional_id") WHERE "status" = 'proposed'`);
    await queryRunner.query(`CREATE INDEX "ix_coordinator_handover_household" ON "coordinator_handover"  ("household_id", "proposed_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coordinator_handover_pending" ON "coordinator_handover"  ("household_id") WHERE "status" = 'proposed'`);
    await queryRunner.query(`CREATE TABLE "household_coordination" ("household_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "state" character varying(20) NOT NULL, "vacant_since" TIMESTAMP WITH TIME ZONE, "vacant_reason" character varying(20), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_household_coordination_vacancy" CHECK (("state" = 'vacant') = ("vacant_since" IS NOT NULL) AND ("state" = 'vacant') = ("vacant_reason" IS NOT NULL)), CONSTRAINT "ck_household_coordination_reason" CHECK ("vacant_reason" IS NULL OR "vacant_reason" IN ('not_yet_assigned', 'stepped_down', 'deactivated', 'closed', 'reopened')), CONSTRAINT "ck_household_coordination_state" CHECK ("state" IN ('assigned', 'handover_proposed', 'vacant')), CONSTRAINT "PK_331be80ea68c616b07218d2d3c4" PRIMARY KEY ("household_id"))`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD "end_kind" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD "overlap_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "ck_coordinator_assignment_end_kind" CHECK ("end_kind" IS NULL OR "end_kind" IN ('handed_over', 'stepped_down', 'deactivated', 'closed'))`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "ck_coordinator_assignment_overlap" CHECK ("overlap_until" IS NULL OR ("ended_at" IS NOT NULL AND "overlap_until" > "ended_at"))`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" ADD CONSTRAINT "fk_coordinator_handover_proposed_by" FOREIGN KEY ("tenant_id", "proposed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" ADD CONSTRAINT "fk_coordinator_handover_to" FOREIGN KEY ("tenant_id", "to_professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" ADD CONSTRAINT "fk_coordinator_handover_from" FOREIGN KEY ("tenant_id", "from_professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" ADD CONSTRAINT "fk_coordinator_handover_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "household_coordination" ADD CONSTRAINT "fk_household_coordination_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'coordinator_handover');
    await enableTenantIsolation(queryRunner, 'household_coordination');
    for (const [table, check] of RULE_CHECKS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${check}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${check}" CHECK ("rule" IN (${NEW_RULES}))`);
    }
    await queryRunner.query(SYNC_FUNCTION);
    await queryRunner.query(`CREATE FUNCTION eenplan_coordination_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'household' THEN
          IF TG_OP = 'UPDATE' AND NEW.status = 'closed' THEN
            -- closing withdraws a pending proposal: nobody can take over a closed case
            UPDATE coordinator_handover SET status = 'withdrawn', decided_at = COALESCE(NEW.closed_at, now()) WHERE household_id = NEW.id AND status = 'proposed';
          END IF;
          PERFORM eenplan_sync_coordination(NEW.id);
        ELSIF TG_TABLE_NAME = 'coordinator_assignment' THEN
          IF TG_OP = 'INSERT' THEN
            -- a direct assignment (PUT …/coordinator, bulk hand-over) overtakes a pending proposal to someone else
            UPDATE coordinator_handover SET status = 'withdrawn', decided_at = NEW.started_at
             WHERE household_id = NEW.household_id AND status = 'proposed' AND to_professional_id <> NEW.professional_id;
          END IF;
          PERFORM eenplan_sync_coordination(NEW.household_id);
        ELSE
          PERFORM eenplan_sync_coordination(NEW.household_id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER household_coordination_on_household AFTER INSERT OR UPDATE OF status ON "household" FOR EACH ROW EXECUTE FUNCTION eenplan_coordination_trigger()`);
    await queryRunner.query(`CREATE TRIGGER household_coordination_on_assignment AFTER INSERT OR UPDATE ON "coordinator_assignment" FOR EACH ROW EXECUTE FUNCTION eenplan_coordination_trigger()`);
    await queryRunner.query(`CREATE TRIGGER household_coordination_on_handover AFTER INSERT OR UPDATE OF status ON "coordinator_handover" FOR EACH ROW EXECUTE FUNCTION eenplan_coordination_trigger()`);
    // every existing household gets its state (as the worker role: row-level security lets it see every tenant)
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(`SELECT eenplan_sync_coordination(id) FROM household`);
    await queryRunner.query(`RESET ROLE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER household_coordination_on_handover ON "coordinator_handover"`);
    await queryRunner.query(`DROP TRIGGER household_coordination_on_assignment ON "coordinator_assignment"`);
    await queryRunner.query(`DROP TRIGGER household_coordination_on_household ON "household"`);
    await queryRunner.query(`DROP FUNCTION eenplan_coordination_trigger()`);
    await queryRunner.query(`DROP FUNCTION eenplan_sync_coordination(uuid)`);
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(`DELETE FROM stalled_case WHERE rule = 'HANDOVER_PENDING'`);
    await queryRunner.query(`DELETE FROM stall_snooze WHERE rule = 'HANDOVER_PENDING'`);
    await queryRunner.query(`DELETE FROM stall_rule_setting WHERE rule = 'HANDOVER_PENDING'`);
    await queryRunner.query(`UPDATE stalled_household SET rules = array_remove(rules, 'HANDOVER_PENDING') WHERE 'HANDOVER_PENDING' = ANY(rules)`);
    await queryRunner.query(`RESET ROLE`);
    for (const [table, check] of RULE_CHECKS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${check}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${check}" CHECK ("rule" IN (${OLD_RULES}))`);
    }
    await disableTenantIsolation(queryRunner, 'household_coordination');
    await disableTenantIsolation(queryRunner, 'coordinator_handover');
    await queryRunner.query(`ALTER TABLE "household_coordination" DROP CONSTRAINT "fk_household_coordination_household"`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" DROP CONSTRAINT "fk_coordinator_handover_household"`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" DROP CONSTRAINT "fk_coordinator_handover_from"`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" DROP CONSTRAINT "fk_coordinator_handover_to"`);
    await queryRunner.query(`ALTER TABLE "coordinator_handover" DROP CONSTRAINT "fk_coordinator_handover_proposed_by"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP CONSTRAINT "ck_coordinator_assignment_overlap"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP CONSTRAINT "ck_coordinator_assignment_end_kind"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP COLUMN "overlap_until"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP COLUMN "end_kind"`);
    await queryRunner.query(`DROP TABLE "household_coordination"`);
    await queryRunner.query(`DROP TABLE "coordinator_handover"`);
  }
}

/**
 * Recomputes one household's coordination state. An open assignment → `assigned` (or `handover_proposed` with a
 * pending proposal). Otherwise `vacant`: closed → reason `closed` since closing; vacant because closed and now open
 * again → `reopened` since the new episode; else from the last ended assignment (its end kind; older rows without
 * one read as stepped down), or `not_yet_assigned` since registration. A vacancy that stays a vacancy keeps its
 * since and reason.
 */
const SYNC_FUNCTION = `CREATE FUNCTION eenplan_sync_coordination(p_household uuid) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    h record; cur record; last_end record; v_reason varchar; v_since timestamptz; v_state varchar;
  BEGIN
    SELECT id, tenant_id, status, registered_at, closed_at INTO h FROM household WHERE id = p_household;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT * INTO cur FROM household_coordination WHERE household_id = p_household;
    IF EXISTS (SELECT 1 FROM coordinator_assignment WHERE household_id = p_household AND ended_at IS NULL) THEN
      v_state := CASE WHEN EXISTS (SELECT 1 FROM coordinator_handover WHERE household_id = p_household AND status = 'proposed') THEN 'handover_proposed' ELSE 'assigned' END;
      INSERT INTO household_coordination (household_id, tenant_id, state, vacant_since, vacant_reason, updated_at)
      VALUES (p_household, h.tenant_id, v_state, NULL, NULL, now())
      ON CONFLICT (household_id) DO UPDATE SET state = EXCLUDED.state, vacant_since = NULL, vacant_reason = NULL, updated_at = EXCLUDED.updated_at
       WHERE household_coordination.state IS DISTINCT FROM EXCLUDED.state;
      RETURN;
    END IF;
    IF h.status = 'closed' THEN
      v_reason := 'closed'; v_since := COALESCE(h.closed_at, now());
    ELSIF cur.state = 'vacant' AND cur.vacant_reason = 'closed' THEN
      v_reason := 'reopened';
      v_since := COALESCE((SELECT max(e.started_at) FROM household_episode e WHERE e.household_id = p_household AND e.ended_at IS NULL), now());
    ELSIF cur.state = 'vacant' THEN
      RETURN;
    ELSE
      SELECT ended_at, end_kind INTO last_end FROM coordinator_assignment WHERE household_id = p_household AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 1;
      IF NOT FOUND THEN
        v_reason := 'not_yet_assigned'; v_since := h.registered_at;
      ELSE
        v_reason := CASE last_end.end_kind WHEN 'deactivated' THEN 'deactivated' WHEN 'closed' THEN 'closed' ELSE 'stepped_down' END;
        v_since := last_end.ended_at;
      END IF;
    END IF;
    IF cur.state = 'vacant' AND cur.vacant_reason = v_reason THEN RETURN; END IF;
    INSERT INTO household_coordination (household_id, tenant_id, state, vacant_since, vacant_reason, updated_at)
    VALUES (p_household, h.tenant_id, 'vacant', v_since, v_reason, now())
    ON CONFLICT (household_id) DO UPDATE SET state = 'vacant', vacant_since = EXCLUDED.vacant_since, vacant_reason = EXCLUDED.vacant_reason, updated_at = EXCLUDED.updated_at;
  END $$`;
