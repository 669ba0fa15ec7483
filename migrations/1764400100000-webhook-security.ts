import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook security: secrets get their own key ring and can be rotated with an overlap; the delivery log keeps only
 * coarse reasons for attempts without an HTTP answer.
 *
 * - `secret_keyring`: existing rows were encrypted with the BSN key and are marked `bsn`, so they keep working
 *   (read through the BSN cipher) until their next rotation re-encrypts them under WEBHOOK_SECRET_KEYS; the
 *   migration cannot re-encrypt them itself because keys live in the environment, not in the database.
 * - `previous_secret_*`: the secret before the last rotation and until when it still signs.
 * - `webhook_attempt.error`: connection-level codes recorded so far (ECONNREFUSED, timeout, …) told open, closed and
 *   filtered ports apart; they become `no_answer` (down cannot restore them, and should not).
 */
export class WebhookSecurity1764400100000 implements MigrationInterface {
  name = 'WebhookSecurity1764400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD "secret_keyring" character varying(16) NOT NULL DEFAULT 'bsn'`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ALTER COLUMN "secret_keyring" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD "previous_secret_ciphertext" text`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD "previous_secret_key_id" character varying(32)`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" ADD CONSTRAINT "ck_webhook_subscription_secret_keyring" CHECK ("secret_keyring" IN ('webhook', 'bsn'))`);
    await queryRunner.query(
      `ALTER TABLE "webhook_subscription" ADD CONSTRAINT "ck_webhook_subscription_previous_secret" CHECK (("previous_secret_ciphertext" IS NULL) = ("previous_secret_key_id" IS NULL) AND ("previous_secret_ciphertext" IS NULL) = ("previous_secret_expires_at" IS NULL))`,
    );
    await queryRunner.query(`UPDATE "webhook_attempt" SET "error" = 'no_answer' WHERE "error" IS NOT NULL AND "error" NOT IN ('no_answer', 'refused_destination')`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" ADD CONSTRAINT "ck_webhook_attempt_error" CHECK ("error" IN ('no_answer', 'refused_destination'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_attempt" DROP CONSTRAINT "ck_webhook_attempt_error"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP CONSTRAINT "ck_webhook_subscription_previous_secret"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP CONSTRAINT "ck_webhook_subscription_secret_keyring"`);
    // rows encrypted under the webhook key cannot be read by the BSN-only code this goes back to: rotate their secrets after downgrading
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP COLUMN "previous_secret_expires_at"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP COLUMN "previous_secret_key_id"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP COLUMN "previous_secret_ciphertext"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscription" DROP COLUMN "secret_keyring"`);
  }
}
