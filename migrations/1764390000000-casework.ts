import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case work: contact moments (with the members present), self-reliance assessments with their scores per
 * life domain, and escalations — at most one open per household (partial unique index `uq_escalation_open`),
 * resolved exactly when outcome and resolver are set (`ck_escalation_resolution`). Every reference is a
 * composite foreign key on (tenant_id, …), so no row can point into another municipality.
 * Generated from the entities by the schema builder, then reviewed.
 */
export class CaseworkSchema1764390000000 implements MigrationInterface {
  name = 'CaseworkSchema1764390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "member_id" uuid, "assessed_on" date NOT NULL, "assessed_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_assessment_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "PK_c511a7dc128256876b6b1719401" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_assessment_household_assessed" ON "assessment"  ("household_id", "assessed_on", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "assessment_score" ("assessment_id" uuid NOT NULL, "domain_code" character varying(40) NOT NULL, "tenant_id" uuid NOT NULL, "score" smallint NOT NULL, CONSTRAINT "ck_assessment_score_range" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_64bd5e5a5ada20e70d82d571797" PRIMARY KEY ("assessment_id", "domain_code"))`);
    await queryRunner.query(`CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by_id" uuid NOT NULL, "note" character varying(2000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_contact_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_contact_kind" CHECK ("kind" IN ('home_visit', 'call', 'meeting', 'other')), CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_contact_household_occurred" ON "contact"  ("household_id", "occurred_at", "id") `);
    await queryRunner.query(`CREATE TABLE "contact_member" ("contact_id" uuid NOT NULL, "member_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, CONSTRAINT "PK_ef0ab03229faec1f793380ad154" PRIMARY KEY ("contact_id", "member_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_contact_member_member" ON "contact_member"  ("member_id") `);
    await queryRunner.query(`CREATE TABLE "escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "reason" character varying(2000) NOT NULL, "opened_by_id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_id" uuid, "outcome" character varying(2000), CONSTRAINT "uq_escalation_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_escalation_period" CHECK ("resolved_at" IS NULL OR "resolved_at" >= "opened_at"), CONSTRAINT "ck_escalation_resolution" CHECK (("resolved_at" IS NULL) = ("outcome" IS NULL) AND ("resolved_at" IS NULL) = ("resolved_by_id" IS NULL)), CONSTRAINT "PK_2c9a4d9277ed8620a8a72813864" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_escalation_household_opened" ON "escalation"  ("household_id", "opened_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_escalation_open" ON "escalation"  ("household_id") WHERE "resolved_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "fk_assessment_assessed_by" FOREIGN KEY ("tenant_id", "assessed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "fk_assessment_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "member"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "fk_assessment_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_score" ADD CONSTRAINT "fk_assessment_score_domain" FOREIGN KEY ("tenant_id", "domain_code") REFERENCES "life_domain"("tenant_id","code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_score" ADD CONSTRAINT "fk_assessment_score_assessment" FOREIGN KEY ("tenant_id", "assessment_id") REFERENCES "assessment"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "fk_contact_recorded_by" FOREIGN KEY ("tenant_id", "recorded_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "fk_contact_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_member" ADD CONSTRAINT "fk_contact_member_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "member"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_member" ADD CONSTRAINT "fk_contact_member_contact" FOREIGN KEY ("tenant_id", "contact_id") REFERENCES "contact"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "escalation" ADD CONSTRAINT "fk_escalation_resolved_by" FOREIGN KEY ("tenant_id", "resolved_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "escalation" ADD CONSTRAINT "fk_escalation_opened_by" FOREIGN KEY ("tenant_id", "opened_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "escalation" ADD CONSTRAINT "fk_escalation_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "escalation" DROP CONSTRAINT "fk_escalation_household"`);
    await queryRunner.query(`ALTER TABLE "escalation" DROP CONSTRAINT "fk_escalation_opened_by"`);
    await queryRunner.query(`ALTER TABLE "escalation" DROP CONSTRAINT "fk_escalation_resolved_by"`);
    await queryRunner.query(`ALTER TABLE "contact_member" DROP CONSTRAINT "fk_contact_member_contact"`);
    await queryRunner.query(`ALTER TABLE "contact_member" DROP CONSTRAINT "fk_contact_member_member"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "fk_contact_household"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "fk_contact_recorded_by"`);
    await queryRunner.query(`ALTER TABLE "assessment_score" DROP CONSTRAINT "fk_assessment_score_assessment"`);
    await queryRunner.query(`ALTER TABLE "assessment_score" DROP CONSTRAINT "fk_assessment_score_domain"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "fk_assessment_household"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "fk_assessment_member"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "fk_assessment_assessed_by"`);
    await queryRunner.query(`DROP INDEX "public"."uq_escalation_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_escalation_household_opened"`);
    await queryRunner.query(`DROP TABLE "escalation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contact_member_member"`);
    await queryRunner.query(`DROP TABLE "contact_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_contact_household_occurred"`);
    await queryRunner.query(`DROP TABLE "contact"`);
    await queryRunner.query(`DROP TABLE "assessment_score"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assessment_household_assessed"`);
    await queryRunner.query(`DROP TABLE "assessment"`);
  }
}
