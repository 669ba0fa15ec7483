import type { MigrationInterface, QueryRunner } from 'typeorm';

const COORDINATION_TRIGGER_BEFORE = `CREATE OR REPLACE FUNCTION eenplan_coordination_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`;

/**
 * Two races an outside run found between changes of one case (docs/DECISIONS.md, "Outside probes of stop 38"):
 *
 * - **A pending hand-over outlived its premise.** A proposal is made from the current coordinator; when that
 *   assignment ends another way (deactivated with `leaveVacant`, a direct assignment of the proposed person
 *   themselves) the proposal stayed `proposed`: the household read `handover_proposed` while vacant or already
 *   theirs, and every new proposal was refused with 409 HANDOVER_PENDING. Now any assignment that starts, and the
 *   end of the assignment a proposal was made from, withdraw the household's pending proposal (an accepted one is
 *   decided before its assignment ends, so it is not touched).
 * - **A plan changed after its case was closed.** Plan changes take no household lock (the plan's version gate
 *   serialises them), so a change that read the household open could commit after a concurrent close. The plan row
 *   now carries whether its household is closed (`household_closed`, kept by a trigger on the household's status,
 *   so closing takes the plan's row lock, and set at insert from the household); the version gate requires it false. A change waiting on the close's lock
 *   re-reads the row and finds it closed: `eenplan_plan_version_conflict` then raises `plan_household_closed`
 *   (answered 409 HOUSEHOLD_CLOSED) instead of a version conflict. No statement and no trigger call is added to a
 *   plan change: the gate reads one more column of the row it updates.
 */
export class CaseChangeRaces1764601400000 implements MigrationInterface {
  name = 'CaseChangeRaces1764601400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION eenplan_coordination_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'household' THEN
          IF TG_OP = 'UPDATE' AND NEW.status = 'closed' THEN
            -- closing withdraws a pending proposal: nobody can take over a closed case
            UPDATE coordinator_handover SET status = 'withdrawn', decided_at = COALESCE(NEW.closed_at, now()) WHERE household_id = NEW.id AND status = 'proposed';
          END IF;
          PERFORM eenplan_sync_coordination(NEW.id);
        ELSIF TG_TABLE_NAME = 'coordinator_assignment' THEN
          IF TG_OP = 'INSERT' THEN
            -- a direct assignment (PUT …/coordinator, bulk hand-over) overtakes a pending proposal, also one to the
            -- same person (they have the case now; the proposal can no longer be accepted)
            UPDATE coordinator_handover SET status = 'withdrawn', decided_at = NEW.started_at
             WHERE household_id = NEW.household_id AND status = 'proposed';
          ELSIF TG_OP = 'UPDATE' AND OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL THEN
            -- the assignment a proposal was made from ended another way (stepped down, deactivated, closed)
            UPDATE coordinator_handover SET status = 'withdrawn', decided_at = NEW.ended_at
             WHERE household_id = NEW.household_id AND status = 'proposed' AND from_professional_id = NEW.professional_id;
          END IF;
          PERFORM eenplan_sync_coordination(NEW.household_id);
        ELSE
          PERFORM eenplan_sync_coordination(NEW.household_id);
        END IF;
        RETURN NULL;
      END $$`);
    // proposals already stuck that way
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(
      `UPDATE coordinator_handover h SET status = 'withdrawn', decided_at = now()
        WHERE h.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM coordinator_assignment a WHERE a.household_id = h.household_id AND a.ended_at IS NULL AND a.professional_id = h.from_professional_id)`,
    );
    await queryRunner.query(`RESET ROLE`);

    await queryRunner.query(`ALTER TABLE "plan" ADD "household_closed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(`UPDATE plan p SET household_closed = true FROM household h WHERE h.id = p.household_id AND h.status = 'closed'`);
    await queryRunner.query(`RESET ROLE`);
    await queryRunner.query(`CREATE FUNCTION eenplan_plan_follows_household() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE plan SET household_closed = (NEW.status = 'closed') WHERE household_id = NEW.id AND household_closed <> (NEW.status = 'closed');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER plan_follows_household AFTER UPDATE OF status ON "household" FOR EACH ROW WHEN ((OLD.status = 'closed') <> (NEW.status = 'closed')) EXECUTE FUNCTION eenplan_plan_follows_household()`,
    );
    // a plan written straight into a closed household (the demo's history, the seed command) starts out right too
    await queryRunner.query(`CREATE FUNCTION eenplan_plan_household_closed_at_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.household_closed := EXISTS (SELECT 1 FROM household h WHERE h.id = NEW.household_id AND h.status = 'closed');
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER plan_household_closed_at_insert BEFORE INSERT ON "plan" FOR EACH ROW EXECUTE FUNCTION eenplan_plan_household_closed_at_insert()`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION eenplan_plan_version_conflict(target uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      DECLARE now_at integer; closed boolean;
      BEGIN
        SELECT version, household_closed INTO now_at, closed FROM plan WHERE id = target;
        IF closed THEN
          RAISE EXCEPTION 'the household of the plan is closed' USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_household_closed';
        END IF;
        RAISE EXCEPTION 'the plan changed since it was read' USING ERRCODE = 'EP412', DETAIL = json_build_object('resource', 'plan', 'currentVersion', now_at)::text;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION eenplan_plan_version_conflict(target uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      DECLARE now_at integer;
      BEGIN
        SELECT version INTO now_at FROM plan WHERE id = target;
        RAISE EXCEPTION 'the plan changed since it was read' USING ERRCODE = 'EP412', DETAIL = json_build_object('resource', 'plan', 'currentVersion', now_at)::text;
      END $$`);
    await queryRunner.query(`DROP TRIGGER plan_household_closed_at_insert ON "plan"`);
    await queryRunner.query(`DROP FUNCTION eenplan_plan_household_closed_at_insert()`);
    await queryRunner.query(`DROP TRIGGER plan_follows_household ON "household"`);
    await queryRunner.query(`DROP FUNCTION eenplan_plan_follows_household()`);
    await queryRunner.query(`ALTER TABLE "plan" DROP COLUMN "household_closed"`);
    await queryRunner.query(COORDINATION_TRIGGER_BEFORE);
  }
}
