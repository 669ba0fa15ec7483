import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found missing at scale (100,000 households, `npm run bench` and `npm run retention` against the seeded
 * database): every plan read and plan change scanned all of `plan_action` for the plan's actions (300 ms per scan at
 * 318,000 actions, so plan changes under load answered 503); the case-file purge looked up a household's notices
 * and its events' webhook deliveries without an index, and every member or network member it deleted was checked
 * against all actions and consents by a full scan (its batches ran into the statement timeout).
 */
export class CaseReadIndexes1764600500000 implements MigrationInterface {
  name = 'CaseReadIndexes1764600500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_plan_action_plan" ON "plan_action" ("plan_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_notification_household" ON "notification" ("household_id") `);
    await queryRunner.query(`CREATE INDEX "ix_webhook_delivery_event" ON "webhook_delivery" ("event_id") `);
    // the referencing side of foreign keys the purge and erasures delete through (each deleted member or network
    // member was checked against every action and consent by a full scan; batches of 50 cases ran into the timeout)
    await queryRunner.query(`CREATE INDEX "ix_plan_action_owner_member" ON "plan_action" ("owner_member_id") WHERE "owner_member_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_plan_action_owner_network_member" ON "plan_action" ("owner_network_member_id") WHERE "owner_network_member_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_consent_member" ON "consent" ("member_id") WHERE "member_id" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_consent_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_action_owner_network_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_action_owner_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_delivery_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_household"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_action_plan"`);
  }
}
