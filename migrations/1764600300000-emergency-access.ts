import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/**
 * Break-the-glass (NEN 7513, issue 13 item 6): emergency access grants and each municipality's grant duration.
 * Both tables are tenant tables under row-level security. A grant's facts are fixed once written: the trigger
 * `emergency_access_guard` lets an UPDATE only end a grant once (ended_at, ended_by_id) and review it once
 * (reviewed_*, review_*); the request role may not DELETE grants (they are the evidence the privacy officer reviews).
 */
export class EmergencyAccess1764600300000 implements MigrationInterface {
  name = 'EmergencyAccess1764600300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "emergency_access_policy" ("tenant_id" uuid NOT NULL, "duration_minutes" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by_id" uuid NOT NULL, CONSTRAINT "ck_emergency_access_policy_duration" CHECK ("duration_minutes" BETWEEN 15 AND 720), CONSTRAINT "PK_27d188a19cdd22db9f136cfa67b" PRIMARY KEY ("tenant_id"))`);
    await queryRunner.query(`CREATE TABLE "emergency_access" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "professional_id" uuid NOT NULL, "reason" character varying(1000) NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by_id" uuid, "review_outcome" character varying(16), "review_note" character varying(2000), CONSTRAINT "ck_emergency_access_own_review" CHECK ("reviewed_by_id" IS NULL OR "reviewed_by_id" <> "professional_id"), CONSTRAINT "ck_emergency_access_review" CHECK (("reviewed_at" IS NULL) = ("reviewed_by_id" IS NULL) AND ("reviewed_at" IS NULL) = ("review_outcome" IS NULL) AND ("review_outcome" IS NULL OR "review_outcome" IN ('justified', 'unjustified')) AND ("review_note" IS NULL OR "reviewed_at" IS NOT NULL)), CONSTRAINT "ck_emergency_access_ended" CHECK (("ended_at" IS NULL) = ("ended_by_id" IS NULL) AND ("ended_at" IS NULL OR ("ended_at" >= "granted_at" AND "ended_at" < "expires_at"))), CONSTRAINT "ck_emergency_access_reason" CHECK (char_length(btrim("reason")) >= 20 AND char_length("reason") <= 1000), CONSTRAINT "ck_emergency_access_period" CHECK ("expires_at" > "granted_at" AND "expires_at" <= "granted_at" + interval '720 minutes'), CONSTRAINT "PK_df6a3cc6b2bd3f218edb410a3f3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_emergency_access_unreviewed" ON "emergency_access"  ("tenant_id", "granted_at", "id") WHERE "reviewed_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_emergency_access_tenant_granted" ON "emergency_access"  ("tenant_id", "granted_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_emergency_access_holder" ON "emergency_access"  ("household_id", "professional_id", "expires_at") `);
    await queryRunner.query(`ALTER TABLE "emergency_access_policy" ADD CONSTRAINT "fk_emergency_access_policy_updated_by" FOREIGN KEY ("tenant_id", "updated_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "emergency_access_policy" ADD CONSTRAINT "fk_emergency_access_policy_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "emergency_access" ADD CONSTRAINT "fk_emergency_access_reviewed_by" FOREIGN KEY ("tenant_id", "reviewed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "emergency_access" ADD CONSTRAINT "fk_emergency_access_ended_by" FOREIGN KEY ("tenant_id", "ended_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "emergency_access" ADD CONSTRAINT "fk_emergency_access_professional" FOREIGN KEY ("tenant_id", "professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "emergency_access" ADD CONSTRAINT "fk_emergency_access_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'emergency_access');
    await enableTenantIsolation(queryRunner, 'emergency_access_policy');
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "emergency_access" FROM eenplan_app`);
    await queryRunner.query(`CREATE FUNCTION emergency_access_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.tenant_id, NEW.household_id, NEW.professional_id, NEW.reason, NEW.granted_at, NEW.expires_at)
           IS DISTINCT FROM (OLD.tenant_id, OLD.household_id, OLD.professional_id, OLD.reason, OLD.granted_at, OLD.expires_at) THEN
          RAISE EXCEPTION 'an emergency access grant cannot be changed, only ended and reviewed' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        IF OLD.ended_at IS NOT NULL AND (NEW.ended_at, NEW.ended_by_id) IS DISTINCT FROM (OLD.ended_at, OLD.ended_by_id) THEN
          RAISE EXCEPTION 'an emergency access grant ends once' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        IF OLD.reviewed_at IS NOT NULL AND (NEW.reviewed_at, NEW.reviewed_by_id, NEW.review_outcome, NEW.review_note)
           IS DISTINCT FROM (OLD.reviewed_at, OLD.reviewed_by_id, OLD.review_outcome, OLD.review_note) THEN
          RAISE EXCEPTION 'an emergency access grant is reviewed once' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_emergency_access_fixed';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER emergency_access_guard BEFORE UPDATE ON "emergency_access" FOR EACH ROW EXECUTE FUNCTION emergency_access_guard()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER emergency_access_guard ON "emergency_access"`);
    await queryRunner.query(`DROP FUNCTION emergency_access_guard()`);
    await disableTenantIsolation(queryRunner, 'emergency_access_policy');
    await disableTenantIsolation(queryRunner, 'emergency_access');
    await queryRunner.query(`DROP TABLE "emergency_access"`);
    await queryRunner.query(`DROP TABLE "emergency_access_policy"`);
  }
}
