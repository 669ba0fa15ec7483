import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision: per-tenant stall-rule overrides, the evaluation's result per household and rule (`stalled_case`,
 * with history), the review queue (`stalled_household`, one row per household stalled now), snoozes and each
 * tenant's latest evaluation run.
 * Generated from the entities, then reviewed. Hand-written: the expression index for the severity keyset
 * (TypeORM does not model expression indexes), a lower fillfactor on the two tables evaluations update, so
 * those updates stay HOT, and statistics on lower(household.district): the review queue filters districts
 * case-insensitively, and without them the planner guesses that filter keeps 0.5% of households and sorts a
 * whole district instead of walking the queue index (200 ms instead of 3 ms at 100,000 households).
 */
export class SupervisionSchema1764392000000 implements MigrationInterface {
  name = 'SupervisionSchema1764392000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const rules = `'NO_COORDINATOR', 'NO_PLAN', 'PLAN_NOT_UPDATED', 'ACTIONS_OVERDUE', 'NO_CONTACT', 'REVIEW_OVERDUE', 'SIGNAL_UNANSWERED', 'NO_PROGRESS'`;
    await queryRunner.query(`CREATE TABLE "stall_evaluation_run" ("tenant_id" uuid NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "triggered_by_id" uuid, "households" integer NOT NULL, "firing" integer NOT NULL, "stalled_households" integer NOT NULL, "duration_ms" integer NOT NULL, CONSTRAINT "PK_135c6a93a94a96acf94cd986482" PRIMARY KEY ("tenant_id"))`);
    await queryRunner.query(`CREATE TABLE "stall_rule_setting" ("tenant_id" uuid NOT NULL, "rule" character varying(32) NOT NULL, "threshold_days" integer NOT NULL, "enabled" boolean NOT NULL, "updated_by_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_stall_rule_setting_threshold" CHECK ("threshold_days" BETWEEN 0 AND 3650), CONSTRAINT "ck_stall_rule_setting_rule" CHECK ("rule" IN (${rules})), CONSTRAINT "PK_2ba09f67a0984662aaa8ae7557d" PRIMARY KEY ("tenant_id", "rule"))`);
    await queryRunner.query(`CREATE TABLE "stall_snooze" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "rule" character varying(32) NOT NULL, "until" date NOT NULL, "reason" character varying(1000) NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_stall_snooze_rule" CHECK ("rule" IN (${rules})), CONSTRAINT "PK_c2a0fc536e188a05ae83bc5a43a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_stall_snooze_household_rule" ON "stall_snooze"  ("household_id", "rule", "until") `);
    await queryRunner.query(`CREATE TABLE "stalled_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "rule" character varying(32) NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL, "figures" jsonb NOT NULL, "figures_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cleared_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_stalled_case_period" CHECK ("cleared_at" IS NULL OR "cleared_at" >= "since"), CONSTRAINT "ck_stalled_case_rule" CHECK ("rule" IN (${rules})), CONSTRAINT "PK_d1df7187b677d6cb546795c73ec" PRIMARY KEY ("id")) WITH (fillfactor = 70)`);
    await queryRunner.query(`CREATE INDEX "ix_stalled_case_tenant_since" ON "stalled_case"  ("tenant_id", "since") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stalled_case_active" ON "stalled_case"  ("tenant_id", "household_id", "rule") WHERE "cleared_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "stalled_household" ("household_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "rules" character varying(32) array NOT NULL, "severity" smallint NOT NULL, "stalled_since" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_stalled_household_rules" CHECK (cardinality("rules") > 0), CONSTRAINT "PK_ed2f7e2fb50fc97b0b68ffef4cd" PRIMARY KEY ("household_id")) WITH (fillfactor = 80)`);
    await queryRunner.query(`CREATE INDEX "ix_stalled_household_age" ON "stalled_household"  ("tenant_id", "stalled_since", "household_id") `);
    await queryRunner.query(`CREATE INDEX "ix_stalled_household_severity" ON "stalled_household"  ("tenant_id", (-"severity"), "stalled_since", "household_id") `);
    await queryRunner.query(`CREATE STATISTICS "st_household_district_lower" ON (lower("district")) FROM "household"`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" ADD CONSTRAINT "fk_stall_evaluation_run_triggered_by" FOREIGN KEY ("tenant_id", "triggered_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" ADD CONSTRAINT "fk_stall_evaluation_run_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stall_rule_setting" ADD CONSTRAINT "fk_stall_rule_setting_updated_by" FOREIGN KEY ("tenant_id", "updated_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stall_rule_setting" ADD CONSTRAINT "fk_stall_rule_setting_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stall_snooze" ADD CONSTRAINT "fk_stall_snooze_created_by" FOREIGN KEY ("tenant_id", "created_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stall_snooze" ADD CONSTRAINT "fk_stall_snooze_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stalled_case" ADD CONSTRAINT "fk_stalled_case_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "stalled_household" ADD CONSTRAINT "fk_stalled_household_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stalled_household" DROP CONSTRAINT "fk_stalled_household_household"`);
    await queryRunner.query(`ALTER TABLE "stalled_case" DROP CONSTRAINT "fk_stalled_case_household"`);
    await queryRunner.query(`ALTER TABLE "stall_snooze" DROP CONSTRAINT "fk_stall_snooze_household"`);
    await queryRunner.query(`ALTER TABLE "stall_snooze" DROP CONSTRAINT "fk_stall_snooze_created_by"`);
    await queryRunner.query(`ALTER TABLE "stall_rule_setting" DROP CONSTRAINT "fk_stall_rule_setting_tenant"`);
    await queryRunner.query(`ALTER TABLE "stall_rule_setting" DROP CONSTRAINT "fk_stall_rule_setting_updated_by"`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" DROP CONSTRAINT "fk_stall_evaluation_run_tenant"`);
    await queryRunner.query(`ALTER TABLE "stall_evaluation_run" DROP CONSTRAINT "fk_stall_evaluation_run_triggered_by"`);
    await queryRunner.query(`DROP STATISTICS "st_household_district_lower"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stalled_household_severity"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stalled_household_age"`);
    await queryRunner.query(`DROP TABLE "stalled_household"`);
    await queryRunner.query(`DROP INDEX "public"."uq_stalled_case_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stalled_case_tenant_since"`);
    await queryRunner.query(`DROP TABLE "stalled_case"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stall_snooze_household_rule"`);
    await queryRunner.query(`DROP TABLE "stall_snooze"`);
    await queryRunner.query(`DROP TABLE "stall_rule_setting"`);
    await queryRunner.query(`DROP TABLE "stall_evaluation_run"`);
  }
}
