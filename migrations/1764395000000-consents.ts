import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents (and other recorded legal bases) per household or member and organisation; care-team links may rest
 * on one, and the composite foreign key makes sure it is a consent for that household and that organisation.
 */
export class ConsentsSchema1764395000000 implements MigrationInterface {
  name = 'ConsentsSchema1764395000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "consent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "member_id" uuid, "organisation_id" uuid NOT NULL, "purpose" character varying(500) NOT NULL, "basis" character varying(24) NOT NULL, "valid_from" date NOT NULL, "valid_until" date, "recorded_by_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_id" uuid, "withdrawal_reason" character varying(1000), CONSTRAINT "uq_consent_scope" UNIQUE ("tenant_id", "household_id", "organisation_id", "id"), CONSTRAINT "uq_consent_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_consent_withdrawal" CHECK (("withdrawn_at" IS NULL) = ("withdrawn_by_id" IS NULL)), CONSTRAINT "ck_consent_period" CHECK ("valid_until" IS NULL OR "valid_until" >= "valid_from"), CONSTRAINT "ck_consent_basis" CHECK ("basis" IN ('consent', 'legal_obligation', 'vital_interest', 'public_task')), CONSTRAINT "PK_9115e8d6b082d4fc46d56134d29" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_consent_household" ON "consent"  ("household_id") `);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD "consent_id" uuid`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_withdrawn_by" FOREIGN KEY ("tenant_id", "withdrawn_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_recorded_by" FOREIGN KEY ("tenant_id", "recorded_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "member"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "consent" ADD CONSTRAINT "fk_consent_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "fk_care_team_link_consent" FOREIGN KEY ("tenant_id", "household_id", "organisation_id", "consent_id") REFERENCES "consent"("tenant_id","household_id","organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "fk_care_team_link_consent"`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_household"`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_member"`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_organisation"`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_recorded_by"`);
    await queryRunner.query(`ALTER TABLE "consent" DROP CONSTRAINT "fk_consent_withdrawn_by"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP COLUMN "consent_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consent_household"`);
    await queryRunner.query(`DROP TABLE "consent"`);
  }
}
