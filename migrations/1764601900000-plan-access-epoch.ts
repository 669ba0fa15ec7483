import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What can end someone's right to change a plan, and only that (a raised epoch refuses every change on its way, so
 * other updates of these rows must not raise it): closing and reopening (not the steps between), an assignment that
 * starts or ends, a care-team link's standing or scope, a consent's validity or scope. A link or consent that is
 * added gives a right and takes none.
 */
const TRIGGERS = [
  {
    name: 'plan_access_follows_household',
    on: 'household',
    when: `AFTER UPDATE OF status ON "household" FOR EACH ROW WHEN ((OLD.status = 'closed') IS DISTINCT FROM (NEW.status = 'closed'))`,
  },
  { name: 'plan_access_follows_coordination', on: 'coordinator_assignment', when: `AFTER INSERT OR UPDATE OF ended_at, professional_id, household_id ON "coordinator_assignment" FOR EACH ROW` },
  {
    name: 'plan_access_follows_care_team',
    on: 'care_team_link',
    when:
      `AFTER DELETE OR UPDATE OF ended_at, ends_on, starts_on, basis, consent_id, professional_id, organisation_id, household_id, ` +
      `scope_domains, scope_member_ids, scope_bsn, scope_contact_notes ON "care_team_link" FOR EACH ROW`,
  },
  {
    name: 'plan_access_follows_consent',
    on: 'consent',
    when: `AFTER DELETE OR UPDATE OF withdrawn_at, valid_from, valid_until, basis, member_id, organisation_id, household_id, scope_domains ON "consent" FOR EACH ROW`,
  },
];

const CONFLICT_BEFORE = `CREATE OR REPLACE FUNCTION eenplan_plan_version_conflict(target uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      DECLARE now_at integer; closed boolean;
      BEGIN
        SELECT version, household_closed INTO now_at, closed FROM plan WHERE id = target;
        IF closed THEN
          RAISE EXCEPTION 'the household of the plan is closed' USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_household_closed';
        END IF;
        RAISE EXCEPTION 'the plan changed since it was read' USING ERRCODE = 'EP412', DETAIL = json_build_object('resource', 'plan', 'currentVersion', now_at)::text;
      END $$`;

/**
 * Who may change a plan can change while a change of it is on its way (an outside race probe, stop 41): a hand-over,
 * a close and a reopen, a care-team link ended or narrowed, a consent withdrawn. The change of an action decides who
 * may act in the statement that reads the plan and writes in the next one, without the household's lock (issue 11's
 * hot path); the version gate only knew the plan's version and `household_closed`, so a change authorised for the
 * coordinator committed after the hand-over (or after a close and a reopen, which `household_closed` cannot see).
 *
 * Now the plan row carries `access_epoch`, raised by a trigger on every change of those rows (so each of them takes
 * the plan's row lock, as a close already did), and the action change's gate requires the epoch it read together
 * with the caller's access. A change that waited for such a commit finds the epoch moved: nothing is written, and
 * `eenplan_plan_change_conflict` raises `plan_access_changed` (409 ACCESS_CHANGED: read again and retry) where the
 * version still matches. A change that locked the plan first is serialised before the other commit. The other plan
 * changes confirm a coordinator once the version gate holds the row lock (`confirmCoordinatorUnderLock`).
 */
export class PlanAccessEpoch1764601900000 implements MigrationInterface {
  name = 'PlanAccessEpoch1764601900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "plan" ADD "access_epoch" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE FUNCTION eenplan_plan_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE target uuid;
      BEGIN
        IF TG_TABLE_NAME = 'household' THEN
          target := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
          target := OLD.household_id;
        ELSE
          target := NEW.household_id;
        END IF;
        UPDATE plan SET access_epoch = access_epoch + 1 WHERE household_id = target;
        RETURN NULL;
      END $$`);
    for (const trigger of TRIGGERS) await queryRunner.query(`CREATE TRIGGER ${trigger.name} ${trigger.when} EXECUTE FUNCTION eenplan_plan_access_changed()`);
    await queryRunner.query(`CREATE FUNCTION eenplan_plan_change_conflict(target uuid, expected_version integer) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      DECLARE now_at integer; closed boolean;
      BEGIN
        SELECT version, household_closed INTO now_at, closed FROM plan WHERE id = target;
        IF closed THEN
          RAISE EXCEPTION 'the household of the plan is closed' USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_household_closed';
        END IF;
        IF now_at = expected_version THEN
          RAISE EXCEPTION 'who may change the plan changed since it was read' USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_access_changed';
        END IF;
        RAISE EXCEPTION 'the plan changed since it was read' USING ERRCODE = 'EP412', DETAIL = json_build_object('resource', 'plan', 'currentVersion', now_at)::text;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION eenplan_plan_change_conflict(uuid, integer)`);
    for (const trigger of TRIGGERS) await queryRunner.query(`DROP TRIGGER ${trigger.name} ON "${trigger.on}"`);
    await queryRunner.query(`DROP FUNCTION eenplan_plan_access_changed()`);
    await queryRunner.query(`ALTER TABLE "plan" DROP COLUMN "access_epoch"`);
    await queryRunner.query(CONFLICT_BEFORE);
  }
}
