import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key replay hands back the first answer as it was. An outside probe narrowed a partner's care-team
 * link after it had recorded an assessment, and the replay still showed the member the partner could no longer see.
 * The record now keeps what the caller could see of the answer's households when it was made (`reader_scope`), and a
 * replay is served only while that is still so (409 `IDEMPOTENCY_SCOPE_CHANGED` otherwise). Records kept before this
 * migration have none, and are not replayed (they expire within 24 hours).
 */
export class IdempotencyReaderScope1764601300000 implements MigrationInterface {
  name = 'IdempotencyReaderScope1764601300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" ADD "reader_scope" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "reader_scope"`);
  }
}
