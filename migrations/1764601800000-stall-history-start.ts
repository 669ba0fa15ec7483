import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a municipality's stall evaluation first ran (`stall_evaluation_run.first_evaluated_at`). Stalled counts at a
 * month end rest on the `stalled_case` history the evaluations write; before the first one there is none, and the
 * outcomes report said 0 for those months as if nothing had stalled (an outside auditor found a case stalled by the
 * SPEC's rules in a month shown as 0). Now those months say "not measured".
 *
 * Existing rows: the earliest moment known to have been evaluated — the first stall on record, or the last run when
 * none is older. That can start the history later than it did, never earlier: a month is marked unmeasured rather
 * than shown as a 0 nobody counted.
 */
export class StallHistoryStart1764601800000 implements MigrationInterface {
  name = 'StallHistoryStart1764601800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" ADD "first_evaluated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE "stall_evaluation_run" r SET "first_evaluated_at" = LEAST(r."evaluated_at", (SELECT min(sc."since") FROM "stalled_case" sc WHERE sc."tenant_id" = r."tenant_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" ALTER COLUMN "first_evaluated_at" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" ADD CONSTRAINT "ck_stall_evaluation_run_first" CHECK ("first_evaluated_at" <= "evaluated_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" DROP CONSTRAINT "ck_stall_evaluation_run_first"`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" DROP COLUMN "first_evaluated_at"`);
  }
}
