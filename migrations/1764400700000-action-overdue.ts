import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/** `action.overdue` once per action and due date: the notices the daily job wrote, unique per (action, due date). */
export class ActionOverdue1764400700000 implements MigrationInterface {
  name = 'ActionOverdue1764400700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "action_overdue_notice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "action_id" uuid NOT NULL, "household_id" uuid NOT NULL, "due_date" date NOT NULL, "notified_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_dd18b89207b6a3f1f85d4c89285" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_action_overdue_notice_household" ON "action_overdue_notice"  ("household_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_action_overdue_notice" ON "action_overdue_notice"  ("action_id", "due_date") `);
    await queryRunner.query(`ALTER TABLE "action_overdue_notice" ADD CONSTRAINT "fk_action_overdue_notice_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "action_overdue_notice" ADD CONSTRAINT "fk_action_overdue_notice_action" FOREIGN KEY ("action_id") REFERENCES "plan_action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'action_overdue_notice');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantIsolation(queryRunner, 'action_overdue_notice');
    await queryRunner.query(`DROP TABLE "action_overdue_notice"`);
  }
}
