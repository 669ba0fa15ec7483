import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: the inbox (one item per event and recipient), preferences, partner webhooks with their delivery
 * log, the dead-letter table, and `processed_at` on the outbox. A statement trigger NOTIFYs the relay on every
 * outbox insert (delivered at commit), so events leave promptly without tight polling.
 */
export class NotificationsSchema1764393000000 implements MigrationInterface {
  name = 'NotificationsSchema1764393000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "dead_letter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid, "queue" character varying(64) NOT NULL, "job_name" character varying(100) NOT NULL, "job_id" character varying(200) NOT NULL, "payload" jsonb NOT NULL, "reason" character varying(1000) NOT NULL, "attempts" integer NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "retried_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e51e9e534cd18984b2aad76403c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_dead_letter_open" ON "dead_letter"  ("failed_at") WHERE "retried_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "webhook_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "event_types" character varying(64) array NOT NULL, "secret_ciphertext" text NOT NULL, "secret_key_id" character varying(32) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_webhook_subscription_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_b52cb4811c5ada4f42896c37ba8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_subscription_organisation" ON "webhook_subscription"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "subscription_id" uuid NOT NULL, "event_id" bigint NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_webhook_delivery_status" CHECK ("status" IN ('pending', 'succeeded', 'failed')), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_delivery_subscription_created" ON "webhook_delivery"  ("subscription_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_webhook_delivery_subscription_event" ON "webhook_delivery"  ("subscription_id", "event_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status_code" integer, "duration_ms" integer NOT NULL, "error" character varying(200), CONSTRAINT "PK_e4ff77b66cdd20591ba6189a1f9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_attempt_delivery" ON "webhook_attempt"  ("delivery_id", "attempted_at") `);
    await queryRunner.query(`CREATE TABLE "notification_preference" ("professional_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "email_enabled" boolean NOT NULL DEFAULT false, "language" character varying(2) NOT NULL DEFAULT 'nl', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_preference_language" CHECK ("language" IN ('nl', 'en')), CONSTRAINT "PK_98c74f92251cca33f32f077755d" PRIMARY KEY ("professional_id"))`);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "professional_id" uuid NOT NULL, "event_id" bigint NOT NULL, "type" character varying(64) NOT NULL, "household_id" uuid, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "emailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_notification_unread" ON "notification"  ("professional_id", "created_at", "id") WHERE "read_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_notification_inbox" ON "notification"  ("professional_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_event_recipient" ON "notification"  ("event_id", "professional_id") `);
    await queryRunner.query(`ALTER TABLE "outbox_event" ADD "processed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_event_unprocessed" ON "outbox_event"  ("dispatched_at") WHERE "processed_at" IS NULL AND "dispatched_at" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD CONSTRAINT "fk_webhook_subscription_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "fk_webhook_delivery_event" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "fk_webhook_delivery_subscription" FOREIGN KEY ("tenant_id", "subscription_id") REFERENCES "webhook_subscription"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" ADD CONSTRAINT "fk_webhook_attempt_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_professional" FOREIGN KEY ("tenant_id", "professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_event" FOREIGN KEY ("event_id") REFERENCES "outbox_event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_professional" FOREIGN KEY ("tenant_id", "professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_event_household_occurred" ON "outbox_event"  ("household_id", "occurred_at", "id") `);
    await queryRunner.query(`CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_event', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER outbox_event_notify AFTER INSERT ON "outbox_event" FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON "outbox_event"`);
    await queryRunner.query(`DROP FUNCTION notify_outbox()`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_event_household_occurred"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_professional"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_event"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP CONSTRAINT "fk_notification_preference_professional"`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" DROP CONSTRAINT "fk_webhook_attempt_delivery"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "fk_webhook_delivery_subscription"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "fk_webhook_delivery_event"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP CONSTRAINT "fk_webhook_subscription_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_event_unprocessed"`);
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP COLUMN "processed_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_event_recipient"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_inbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_unread"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_attempt_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."uq_webhook_delivery_subscription_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_delivery_subscription_created"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscription_organisation"`);
    await queryRunner.query(`DROP TABLE "webhook_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."ix_dead_letter_open"`);
    await queryRunner.query(`DROP TABLE "dead_letter"`);
  }
}
