import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The restriction guard of AVG art. 18 on plan actions (1764600100000) guards only an action a household member
 * owns; for every other action its function ran and did nothing — ~30 µs of PostgreSQL time on every plan change
 * (pg_stat_user_functions; docs/benchmarks.md). The trigger now fires only for a member-owned action: the same
 * refusals, without the call for the rest.
 */
export class PlanActionGuardOnlyMemberOwned1764601000000 implements MigrationInterface {
  name = 'PlanActionGuardOnlyMemberOwned1764601000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_action_restriction_guard ON "plan_action"`);
    await queryRunner.query(
      `CREATE TRIGGER plan_action_restriction_guard BEFORE INSERT OR UPDATE ON "plan_action" FOR EACH ROW WHEN (NEW.owner_member_id IS NOT NULL) EXECUTE FUNCTION privacy_guard_row()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_action_restriction_guard ON "plan_action"`);
    await queryRunner.query(`CREATE TRIGGER plan_action_restriction_guard BEFORE INSERT OR UPDATE ON "plan_action" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);
  }
}
