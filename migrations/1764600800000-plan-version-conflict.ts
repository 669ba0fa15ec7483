import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan change whose version gate found the plan moved on raises `EP412` with the plan's version now, rather than
 * writing nothing and answering nothing: the change statement then needs no answer read before COMMIT, so it travels
 * in the same message as the audit INSERT and COMMIT (src/database/transaction-frame.ts, issue 11).
 *
 * The version is read in the function, not in the change statement: under READ COMMITTED every statement of a
 * volatile function takes a fresh snapshot and sees the change that beat this one, the change statement's own
 * snapshot predates it. Runs as the caller (row-level security holds it to the caller's municipality).
 */
export class PlanVersionConflict1764600800000 implements MigrationInterface {
  name = 'PlanVersionConflict1764600800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION eenplan_plan_version_conflict(target uuid) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
      DECLARE now_at integer;
      BEGIN
        SELECT version INTO now_at FROM plan WHERE id = target;
        RAISE EXCEPTION 'the plan changed since it was read' USING ERRCODE = 'EP412', DETAIL = json_build_object('resource', 'plan', 'currentVersion', now_at)::text;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION eenplan_plan_version_conflict(uuid)`);
  }
}
