import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caller's X-Request-Id, kept apart from our own request id (which used to take the caller's value). Only a
 * value of the strict pattern is stored; the check repeats it. Adding a nullable column rewrites no row, so the
 * append-only triggers are not involved, and the hash chain of older events is unchanged (audit-chain.ts hashes
 * the new field only when it is set).
 */
export class AuditCallerRequestId1764400400000 implements MigrationInterface {
  name = 'AuditCallerRequestId1764400400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "caller_request_id" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "ck_audit_event_caller_request_id" CHECK ("caller_request_id" ~ '^[A-Za-z0-9._:-]{1,64}$')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "ck_audit_event_caller_request_id"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "caller_request_id"`);
  }
}
