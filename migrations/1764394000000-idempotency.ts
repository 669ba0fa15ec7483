import type { MigrationInterface, QueryRunner } from 'typeorm';

/** First answers to POSTs sent with an Idempotency-Key, per caller and key, for 24 hours. */
export class IdempotencySchema1764394000000 implements MigrationInterface {
  name = 'IdempotencySchema1764394000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_record" ("actor_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "tenant_id" uuid NOT NULL, "request_hash" character varying(64) NOT NULL, "state" character varying(16) NOT NULL, "response_status" integer, "response_body" jsonb, "response_location" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_idempotency_record_done" CHECK (("state" = 'done') = ("response_status" IS NOT NULL)), CONSTRAINT "ck_idempotency_record_state" CHECK ("state" IN ('in_progress', 'done')), CONSTRAINT "PK_idempotency_record" PRIMARY KEY ("actor_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_idempotency_record_expires" ON "idempotency_record"  ("expires_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_record_expires"`);
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
  }
}
