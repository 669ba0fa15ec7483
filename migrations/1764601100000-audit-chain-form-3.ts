import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit chain form 3 (issue 11, item 3: `npm run audit:verify` within 60 s for 10 million events on any machine of
 * its class): each event enters its month's chain as the SHA-256 digest of its form 2 bytes, computed by PostgreSQL,
 * and each checkpoint holds one MAC over its batch's digests, so verification computes one HMAC per batch rather
 * than one per event (docs/SECURITY.md, "Chain forms"). Months already started go on in their form; the sealer starts
 * new months in form 3. Only the check on `audit_checkpoint.form` changes.
 */
export class AuditChainForm31764601100000 implements MigrationInterface {
  name = 'AuditChainForm31764601100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP CONSTRAINT "ck_audit_checkpoint_form"`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD CONSTRAINT "ck_audit_checkpoint_form" CHECK ("form" IN (1, 2, 3))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // refused while form 3 checkpoints exist: they are append-only, and an older version could not verify their months
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP CONSTRAINT "ck_audit_checkpoint_form"`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD CONSTRAINT "ck_audit_checkpoint_form" CHECK ("form" IN (1, 2))`);
  }
}
