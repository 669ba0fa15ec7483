import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key replays repeat the first answer's ETag, and answers that showed a secret are withheld: the
 * record keeps only that the request succeeded, and the database refuses a body next to that mark. Records
 * from before this migration that hold a secret-bearing body are not recognisable by column, but they expire
 * within 24 hours and the sweep removes them.
 */
export class IdempotencyReplay1764400500000 implements MigrationInterface {
  name = 'IdempotencyReplay1764400500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" ADD "response_etag" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" ADD "response_withheld" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "idempotency_record" ADD CONSTRAINT "ck_idempotency_record_withheld" CHECK (NOT "response_withheld" OR "response_body" IS NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP CONSTRAINT "ck_idempotency_record_withheld"`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "response_withheld"`);
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "response_etag"`);
  }
}
