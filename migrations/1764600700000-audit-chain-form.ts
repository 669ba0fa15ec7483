import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit chain form 2 (issue 11, item 3: `npm run audit:verify` within 60 s for 10 million events): a month's chain
 * serialises its events either as form 1 (a JSON array's text, as before) or as form 2 (PostgreSQL's binary form of
 * the record, a third of the cost per row). Which one is a property of the month's chain, written on each of its
 * checkpoints (and, from form 2, in their signed payload).
 *
 * - `audit_checkpoint.form`: existing checkpoints are form 1 — their months go on in form 1 to their end; the
 *   sealer starts every new month in form 2 and names the form on every checkpoint it writes (no default after
 *   this migration, so no checkpoint gets a form by accident).
 */
export class AuditChainForm1764600700000 implements MigrationInterface {
  name = 'AuditChainForm1764600700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD "form" smallint NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ALTER COLUMN "form" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" ADD CONSTRAINT "ck_audit_checkpoint_form" CHECK ("form" IN (1, 2))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // form 2 months cannot be read in form 1: going back leaves them unverifiable (checkpoints are append-only)
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP CONSTRAINT "ck_audit_checkpoint_form"`);
    await queryRunner.query(`ALTER TABLE "audit_checkpoint" DROP COLUMN "form"`);
  }
}
