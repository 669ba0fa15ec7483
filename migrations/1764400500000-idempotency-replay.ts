import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key replays repeat the first answer's ETag, and answers that showed a secret are withheld: the
 * record keeps only that the request succeeded, and the database refuses a body next to that mark. Records kept
 * before this migration that hold a webhook or client secret lose their body now rather than in 24 hours.
 */
export class IdempotencyReplay1764400500000 implements MigrationInterface {
  name = 'IdempotencyReplay1764400500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" ADD "response_etag" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" ADD "response_withheld" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "idempotency_record" ADD CONSTRAINT "ck_idempotency_record_withheld" CHECK (NOT "response_withheld" OR "response_body" IS NULL)`,
    );
    // as the worker role, so row-level security lets the update see every tenant
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(
      `UPDATE "idempotency_record" SET "response_body" = NULL, "response_withheld" = true WHERE "response_body"::text ~ '"(whsec|epk)_'`,
    );
    await queryRunner.query(`RESET ROLE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP CONSTRAINT "ck_idempotency_record_withheld"`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "response_withheld"`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "response_etag"`);
  }
}
