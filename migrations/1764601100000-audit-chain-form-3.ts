import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit chain form 3 (issue 11, item 3: `npm run audit:verify` within 60 s for 10 million events): form 2's bytes and
 * links, and each checkpoint holds one MAC over its whole batch, so verification computes one HMAC per batch rather
 * than one per event (docs/SECURITY.md, "Chain forms"). Months already started go on in their form; the sealer starts
 * new months in form 3. The check on `audit_checkpoint.form` allows 3.
 *
 * And a seal's batch number is 1 or more (`ck_audit_seal_batch`): batches are numbered from 1, and a seal outside any
 * batch is refused by the database as it is reported by the verifier (`checkpoint_missing`) — before this check a
 * seal of batch 0 went unchecked by verification (found by an outside probe, 2026-12-07).
 */
export class AuditChainForm31764601100000 implements MigrationInterface {
  name = 'AuditChainForm31764601100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP CONSTRAINT "ck_audit_checkpoint_form"`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD CONSTRAINT "ck_audit_checkpoint_form" CHECK ("form" IN (1, 2, 3))`);
    await queryRunner.query(`ALTER TABLE "audit_seal" ADD CONSTRAINT "ck_audit_seal_batch" CHECK ("batch" > 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_seal" DROP CONSTRAINT "ck_audit_seal_batch"`);
    // refused while form 3 checkpoints exist: they are append-only, and an older version could not verify their months
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP CONSTRAINT "ck_audit_checkpoint_form"`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD CONSTRAINT "ck_audit_checkpoint_form" CHECK ("form" IN (1, 2))`);
  }
}
