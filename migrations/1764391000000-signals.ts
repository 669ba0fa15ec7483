import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signals and matching. `signal` keeps keyed match hashes (address, date of birth, BSN) and — only while it has
 * no household — the address and date of birth encrypted (`ck_signal_subject_only_unlinked`); the BSN only as
 * ciphertext + key id + hash (`ck_signal_bsn_pair`). A match is recorded once per household and episode
 * (`uq_signal_match_household_episode`), with the organisations taking part in `signal_match_organisation`.
 * Retention: `active_until` (matching, 2 years) and `retain_until` (kept, 5 years). Partial indexes serve the
 * intake list (`ix_signal_intake`) and the SIGNAL_UNANSWERED stall rule (`ix_signal_unacknowledged_match`).
 * Every reference is a composite foreign key on (tenant_id, …). Generated from the entities, then reviewed.
 */
export class SignalsSchema1764391000000 implements MigrationInterface {
  name = 'SignalsSchema1764391000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "signal_match" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "episode" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_signal_match_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_5aa85fc97418dbef9e1909f67b6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_signal_match_household_episode" ON "signal_match"  ("household_id", "episode") `);
    await queryRunner.query(`CREATE TABLE "signal_match_organisation" ("match_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_207b28326843b37c93d1a48c61f" PRIMARY KEY ("match_id", "organisation_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_signal_match_organisation_organisation" ON "signal_match_organisation"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "signal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "signalled_by_id" uuid NOT NULL, "household_id" uuid, "household_episode" integer, "match_id" uuid, "category" character varying(24) NOT NULL, "severity" character varying(16) NOT NULL, "note" character varying(500) NOT NULL, "address_hash" character varying(64) NOT NULL, "birth_date_hash" character varying(64) NOT NULL, "bsn_hash" character varying(64), "bsn_ciphertext" text, "bsn_key_id" character varying(32), "subject_ciphertext" text, "subject_key_id" character varying(32), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "active_until" TIMESTAMP WITH TIME ZONE NOT NULL, "retain_until" TIMESTAMP WITH TIME ZONE NOT NULL, "matched_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_id" uuid, CONSTRAINT "uq_signal_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_signal_retention" CHECK ("active_until" > "created_at" AND "retain_until" >= "active_until"), CONSTRAINT "ck_signal_acknowledged" CHECK (("acknowledged_at" IS NULL) = ("acknowledged_by_id" IS NULL)), CONSTRAINT "ck_signal_match" CHECK (("match_id" IS NULL) = ("matched_at" IS NULL) AND ("match_id" IS NULL OR "household_id" IS NOT NULL)), CONSTRAINT "ck_signal_household_episode" CHECK (("household_id" IS NULL) = ("household_episode" IS NULL)), CONSTRAINT "ck_signal_subject_only_unlinked" CHECK (("household_id" IS NULL) = ("subject_ciphertext" IS NOT NULL)), CONSTRAINT "ck_signal_subject_pair" CHECK (("subject_ciphertext" IS NULL) = ("subject_key_id" IS NULL)), CONSTRAINT "ck_signal_bsn_pair" CHECK (("bsn_ciphertext" IS NULL) = ("bsn_hash" IS NULL) AND ("bsn_ciphertext" IS NULL) = ("bsn_key_id" IS NULL)), CONSTRAINT "ck_signal_severity" CHECK ("severity" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "ck_signal_category" CHECK ("category" IN ('debt', 'school_absence', 'domestic_violence', 'nuisance', 'mental_health', 'housing', 'youth', 'other')), CONSTRAINT "PK_bc7222a78e5bc0403a1988c1daf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_signal_unacknowledged_match" ON "signal"  ("tenant_id", "household_id") WHERE "matched_at" IS NOT NULL AND "acknowledged_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_signal_intake" ON "signal"  ("tenant_id", "created_at", "id") WHERE "matched_at" IS NULL AND "acknowledged_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_signal_match" ON "signal"  ("match_id") `);
    await queryRunner.query(`CREATE INDEX "ix_signal_household" ON "signal"  ("household_id", "household_episode") `);
    await queryRunner.query(`CREATE INDEX "ix_signal_organisation_created" ON "signal"  ("organisation_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_signal_tenant_created" ON "signal"  ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "signal_match" ADD CONSTRAINT "fk_signal_match_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_match_organisation" ADD CONSTRAINT "fk_signal_match_organisation_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_match_organisation" ADD CONSTRAINT "fk_signal_match_organisation_match" FOREIGN KEY ("tenant_id", "match_id") REFERENCES "signal_match"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal" ADD CONSTRAINT "fk_signal_acknowledged_by" FOREIGN KEY ("tenant_id", "acknowledged_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal" ADD CONSTRAINT "fk_signal_match" FOREIGN KEY ("tenant_id", "match_id") REFERENCES "signal_match"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal" ADD CONSTRAINT "fk_signal_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal" ADD CONSTRAINT "fk_signal_signalled_by" FOREIGN KEY ("tenant_id", "organisation_id", "signalled_by_id") REFERENCES "professional"("tenant_id","organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal" ADD CONSTRAINT "fk_signal_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "signal" DROP CONSTRAINT "fk_signal_organisation"`);
    await queryRunner.query(`ALTER TABLE "signal" DROP CONSTRAINT "fk_signal_signalled_by"`);
    await queryRunner.query(`ALTER TABLE "signal" DROP CONSTRAINT "fk_signal_household"`);
    await queryRunner.query(`ALTER TABLE "signal" DROP CONSTRAINT "fk_signal_match"`);
    await queryRunner.query(`ALTER TABLE "signal" DROP CONSTRAINT "fk_signal_acknowledged_by"`);
    await queryRunner.query(`ALTER TABLE "signal_match_organisation" DROP CONSTRAINT "fk_signal_match_organisation_match"`);
    await queryRunner.query(`ALTER TABLE "signal_match_organisation" DROP CONSTRAINT "fk_signal_match_organisation_organisation"`);
    await queryRunner.query(`ALTER TABLE "signal_match" DROP CONSTRAINT "fk_signal_match_household"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_tenant_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_organisation_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_household"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_match"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_intake"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_unacknowledged_match"`);
    await queryRunner.query(`DROP TABLE "signal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signal_match_organisation_organisation"`);
    await queryRunner.query(`DROP TABLE "signal_match_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."uq_signal_match_household_episode"`);
    await queryRunner.query(`DROP TABLE "signal_match"`);
  }
}
