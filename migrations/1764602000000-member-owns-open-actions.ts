import type { MigrationInterface, QueryRunner } from 'typeorm';

const UNFINISHED = `('open', 'in_progress')`;

/**
 * An unfinished action keeps an owner who is still part of the case (an outside write fuzzer, stop 41): a member who
 * owned an open action could be removed, and the action then named someone the case no longer has. A network member
 * who owns actions cannot be removed already (a foreign key: network members are deleted); a household member is
 * removed by marking the row, so two triggers keep the rule:
 * - removing a member of an open case while they own an open or in-progress action is refused
 *   (`member_owns_open_actions`, 409 MEMBER_OWNS_OPEN_ACTIONS). A closed case's plan cannot change any more, so
 *   there the removal is allowed, as before, and so is an approved erasure (AVG art. 17 is not held up by a plan:
 *   the action keeps its pseudonymised owner until the coordinator gives it another);
 * - an action that becomes unfinished with a member as its owner (a new action, a new owner, an action reopened)
 *   needs that member not removed (`plan_action_owner_member_removed`, 422 UNKNOWN_ACTION_OWNER). It share-locks the
 *   member's row, so a removal running meanwhile waits for it and then finds the action.
 * Both fire only for a member-owned action or a removal: a plan change of another action runs no function.
 */
export class MemberOwnsOpenActions1764602000000 implements MigrationInterface {
  name = 'MemberOwnsOpenActions1764602000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION eenplan_member_owns_open_actions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT eenplan_privacy_erasure_running(NEW.household_id)
           AND EXISTS (SELECT 1 FROM household h WHERE h.id = NEW.household_id AND h.status <> 'closed')
           AND EXISTS (SELECT 1 FROM plan_action a WHERE a.owner_member_id = NEW.id AND a.status IN ${UNFINISHED}) THEN
          RAISE EXCEPTION 'the member owns unfinished actions' USING ERRCODE = 'check_violation', CONSTRAINT = 'member_owns_open_actions';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER member_owns_open_actions BEFORE UPDATE OF removed_at ON "member" FOR EACH ROW ` +
        `WHEN (OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL) EXECUTE FUNCTION eenplan_member_owns_open_actions()`,
    );
    await queryRunner.query(`CREATE FUNCTION eenplan_action_owner_member_active() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM member m WHERE m.id = NEW.owner_member_id AND m.removed_at IS NULL FOR SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'the owner of the action is not a member of the household' USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_action_owner_member_removed';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER plan_action_owner_member_added BEFORE INSERT ON "plan_action" FOR EACH ROW ` +
        `WHEN (NEW.owner_member_id IS NOT NULL AND NEW.status IN ${UNFINISHED}) EXECUTE FUNCTION eenplan_action_owner_member_active()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER plan_action_owner_member_changed BEFORE UPDATE OF owner_member_id, status ON "plan_action" FOR EACH ROW ` +
        `WHEN (NEW.owner_member_id IS NOT NULL AND NEW.status IN ${UNFINISHED} ` +
        `AND (OLD.owner_member_id IS DISTINCT FROM NEW.owner_member_id OR OLD.status NOT IN ${UNFINISHED})) ` +
        `EXECUTE FUNCTION eenplan_action_owner_member_active()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_action_owner_member_changed ON "plan_action"`);
    await queryRunner.query(`DROP TRIGGER plan_action_owner_member_added ON "plan_action"`);
    await queryRunner.query(`DROP FUNCTION eenplan_action_owner_member_active()`);
    await queryRunner.query(`DROP TRIGGER member_owns_open_actions ON "member"`);
    await queryRunner.query(`DROP FUNCTION eenplan_member_owns_open_actions()`);
  }
}
