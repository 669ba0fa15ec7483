import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core case model: tenants, organisations, professionals, households with members and episodes,
 * coordinator assignments, care-team links, the plan aggregate with revisions, and the outbox.
 * Generated from the entities by the schema builder, then reviewed; the append-only trigger on
 * plan_revision is hand-written (TypeORM does not model triggers).
 */
export class InitialSchema1764380000000 implements MigrationInterface {
  name = 'InitialSchema1764380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`CREATE TABLE "tenant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "slug" character varying(63) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_abfd243f7bd832e806d19c5a919" UNIQUE ("slug"), CONSTRAINT "PK_da8c6efd67bb301e810e56ac139" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "household" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "postcode" character varying(6) NOT NULL, "house_number" integer NOT NULL, "house_number_suffix" character varying(10), "district" character varying(100) NOT NULL, "address_hash" character varying(64) NOT NULL, "status" character varying(16) NOT NULL, "registration_reason" character varying(2000) NOT NULL, "risk_level" character varying(16) NOT NULL, "episode" integer NOT NULL DEFAULT '1', "reopen_count" integer NOT NULL DEFAULT '0', "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "intake_started_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_household_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_household_episode" CHECK ("episode" >= 1 AND "reopen_count" = "episode" - 1), CONSTRAINT "ck_household_house_number" CHECK ("house_number" BETWEEN 1 AND 99999), CONSTRAINT "ck_household_postcode" CHECK ("postcode" ~ '^[1-9][0-9]{3}[A-Z]{2}$'), CONSTRAINT "ck_household_closed_at" CHECK (("status" = 'closed') = ("closed_at" IS NOT NULL)), CONSTRAINT "ck_household_risk_level" CHECK ("risk_level" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "ck_household_status" CHECK ("status" IN ('registered', 'intake', 'active', 'aftercare', 'closed')), CONSTRAINT "PK_26e9111eab2b8908fefe3c645f5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_household_tenant_created" ON "household"  ("tenant_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_household_address_hash" ON "household"  ("tenant_id", "address_hash") `);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "is_intake_team" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_organisation_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_organisation_kind" CHECK ("kind" IN ('municipal_team', 'youth_care', 'mental_health', 'debt_counselling', 'housing', 'school', 'police', 'welfare', 'other')), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_organisation_tenant_name" ON "organisation"  ("tenant_id", "name") `);
    await queryRunner.query(`CREATE TABLE "professional" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "auth_subject" character varying(255) NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "roles" character varying(16) array NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d8ea8f8c244dc48f00d686060a0" UNIQUE ("auth_subject"), CONSTRAINT "uq_professional_tenant_org_id" UNIQUE ("tenant_id", "organisation_id", "id"), CONSTRAINT "uq_professional_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_professional_roles" CHECK (cardinality("roles") > 0 AND "roles" <@ ARRAY['admin', 'supervisor', 'coordinator', 'professional']::varchar[]), CONSTRAINT "PK_2846b0dcaac01f9983cb719f124" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_professional_tenant_email" ON "professional"  ("tenant_id", "email") `);
    await queryRunner.query(`CREATE TABLE "care_team_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "professional_id" uuid, "role" character varying(100) NOT NULL, "basis" character varying(24) NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(1000), CONSTRAINT "ck_care_team_link_period" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "ck_care_team_link_basis" CHECK ("basis" IN ('consent', 'legal_obligation', 'vital_interest', 'public_task')), CONSTRAINT "PK_14e0aef991ef2c6697a4c28a766" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_care_team_link_active_professional" ON "care_team_link"  ("household_id", "professional_id") WHERE "ended_at" IS NULL AND "professional_id" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_care_team_link_active_org" ON "care_team_link"  ("household_id", "organisation_id") WHERE "ended_at" IS NULL AND "professional_id" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_care_team_link_household" ON "care_team_link"  ("household_id") `);
    await queryRunner.query(`CREATE TABLE "coordinator_assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "professional_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "reason" character varying(1000) NOT NULL, "assigned_by_id" uuid NOT NULL, "end_reason" character varying(1000), CONSTRAINT "ck_coordinator_assignment_period" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at"), CONSTRAINT "PK_c2180639be624d77aebea40ea63" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_coordinator_assignment_household_started" ON "coordinator_assignment"  ("household_id", "started_at") `);
    await queryRunner.query(`CREATE INDEX "ix_coordinator_assignment_professional_active" ON "coordinator_assignment"  ("professional_id") WHERE "ended_at" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_coordinator_assignment_active" ON "coordinator_assignment"  ("household_id") WHERE "ended_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "outbox_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "tenant_id" uuid NOT NULL, "type" character varying(64) NOT NULL, "aggregate_type" character varying(32) NOT NULL, "aggregate_id" uuid NOT NULL, "household_id" uuid, "actor_id" uuid, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_event_household" ON "outbox_event"  ("household_id", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_outbox_event_undispatched" ON "outbox_event"  ("id") WHERE "dispatched_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "household_episode" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "number" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "close_reason" character varying(1000), "reopen_reason" character varying(1000), CONSTRAINT "ck_household_episode_period" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at"), CONSTRAINT "PK_baeab2d6c17c2e09e6ef8b6d0c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_household_episode_open" ON "household_episode"  ("household_id") WHERE "ended_at" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_household_episode_number" ON "household_episode"  ("household_id", "number") `);
    await queryRunner.query(`CREATE TABLE "member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "date_of_birth" date NOT NULL, "role" character varying(16) NOT NULL, "birth_date_hash" character varying(64) NOT NULL, "bsn_ciphertext" text, "bsn_key_id" character varying(32), "bsn_hash" character varying(64), "removed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_member_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_member_date_of_birth" CHECK ("date_of_birth" >= DATE '1900-01-01'), CONSTRAINT "ck_member_bsn_pair" CHECK (("bsn_ciphertext" IS NULL) = ("bsn_hash" IS NULL) AND ("bsn_ciphertext" IS NULL) = ("bsn_key_id" IS NULL)), CONSTRAINT "ck_member_role" CHECK ("role" IN ('parent', 'child', 'other')), CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_member_household" ON "member"  ("household_id") `);
    await queryRunner.query(`CREATE INDEX "ix_member_bsn_hash" ON "member"  ("tenant_id", "bsn_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_member_birth_date_hash" ON "member"  ("tenant_id", "birth_date_hash") `);
    await queryRunner.query(`CREATE TABLE "life_domain" ("tenant_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "label_nl" character varying(100) NOT NULL, "label_en" character varying(100) NOT NULL, "position" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_c5eb0f56928287349b03725d1e9" PRIMARY KEY ("tenant_id", "code"))`);
    await queryRunner.query(`CREATE TABLE "plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "family_wishes" character varying(4000) NOT NULL DEFAULT '', "family_strengths" character varying(4000) NOT NULL DEFAULT '', "review_date" date, "created_by_id" uuid NOT NULL, "updated_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_plan_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_plan_version" CHECK ("version" >= 1), CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_household" ON "plan"  ("household_id") `);
    await queryRunner.query(`CREATE TABLE "plan_goal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "domain_code" character varying(40) NOT NULL, "title" character varying(300) NOT NULL, "description" character varying(4000), "status" character varying(16) NOT NULL DEFAULT 'open', "target_date" date, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_plan_goal_plan_id" UNIQUE ("tenant_id", "plan_id", "id"), CONSTRAINT "ck_plan_goal_status" CHECK ("status" IN ('open', 'achieved', 'abandoned')), CONSTRAINT "PK_a16a9956edffd8fe39929149145" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_plan_goal_plan" ON "plan_goal"  ("plan_id", "position") `);
    await queryRunner.query(`CREATE TABLE "plan_network_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "relation" character varying(100) NOT NULL, "support" character varying(1000), CONSTRAINT "uq_plan_network_member_plan_id" UNIQUE ("plan_id", "id"), CONSTRAINT "PK_4f59b9766eb2710efc4b8bdec61" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_plan_network_member_plan" ON "plan_network_member"  ("plan_id") `);
    await queryRunner.query(`CREATE TABLE "plan_action" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "goal_id" uuid NOT NULL, "description" character varying(1000) NOT NULL, "owner_type" character varying(20) NOT NULL, "owner_professional_id" uuid, "owner_organisation_id" uuid, "owner_member_id" uuid, "owner_network_member_id" uuid, "due_date" date, "status" character varying(16) NOT NULL DEFAULT 'open', "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_plan_action_completed" CHECK (("status" = 'done') = ("completed_at" IS NOT NULL)), CONSTRAINT "ck_plan_action_one_owner" CHECK (num_nonnulls("owner_professional_id", "owner_organisation_id", "owner_member_id", "owner_network_member_id") = 1 AND ("owner_type" = 'professional') = ("owner_professional_id" IS NOT NULL) AND ("owner_type" = 'organisation') = ("owner_organisation_id" IS NOT NULL) AND ("owner_type" = 'member') = ("owner_member_id" IS NOT NULL) AND ("owner_type" = 'network_member') = ("owner_network_member_id" IS NOT NULL)), CONSTRAINT "ck_plan_action_owner_type" CHECK ("owner_type" IN ('professional', 'organisation', 'member', 'network_member')), CONSTRAINT "ck_plan_action_status" CHECK ("status" IN ('open', 'in_progress', 'done', 'cancelled')), CONSTRAINT "PK_7fe1efec53657bd0385369ad6e6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_plan_action_open_due" ON "plan_action"  ("tenant_id", "due_date") WHERE "status" IN ('open', 'in_progress')`);
    await queryRunner.query(`CREATE INDEX "ix_plan_action_goal" ON "plan_action"  ("goal_id") `);
    await queryRunner.query(`CREATE TABLE "plan_community_resource" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(100), "note" character varying(1000), CONSTRAINT "PK_2f2aed72f614502caf0441cc270" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_plan_community_resource_plan" ON "plan_community_resource"  ("plan_id") `);
    await queryRunner.query(`CREATE TABLE "plan_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "number" integer NOT NULL, "snapshot" jsonb NOT NULL, "changes" jsonb NOT NULL, "changed_by_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_588869e0bf5cfa9a4499461525b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_plan_revision_number" ON "plan_revision"  ("plan_id", "number") `);
    await queryRunner.query(`ALTER TABLE "household" ADD CONSTRAINT "fk_household_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD CONSTRAINT "fk_organisation_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "professional" ADD CONSTRAINT "fk_professional_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "fk_care_team_link_created_by" FOREIGN KEY ("tenant_id", "created_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "fk_care_team_link_professional" FOREIGN KEY ("tenant_id", "organisation_id", "professional_id") REFERENCES "professional"("tenant_id","organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "fk_care_team_link_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "care_team_link" ADD CONSTRAINT "fk_care_team_link_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "fk_coordinator_assignment_assigned_by" FOREIGN KEY ("tenant_id", "assigned_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "fk_coordinator_assignment_professional" FOREIGN KEY ("tenant_id", "professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" ADD CONSTRAINT "fk_coordinator_assignment_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "outbox_event" ADD CONSTRAINT "fk_outbox_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "household_episode" ADD CONSTRAINT "fk_household_episode_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "member" ADD CONSTRAINT "fk_member_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "life_domain" ADD CONSTRAINT "fk_life_domain_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan" ADD CONSTRAINT "fk_plan_updated_by" FOREIGN KEY ("tenant_id", "updated_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan" ADD CONSTRAINT "fk_plan_created_by" FOREIGN KEY ("tenant_id", "created_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan" ADD CONSTRAINT "fk_plan_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_goal" ADD CONSTRAINT "fk_plan_goal_domain" FOREIGN KEY ("tenant_id", "domain_code") REFERENCES "life_domain"("tenant_id","code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_goal" ADD CONSTRAINT "fk_plan_goal_plan" FOREIGN KEY ("tenant_id", "plan_id") REFERENCES "plan"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_network_member" ADD CONSTRAINT "fk_plan_network_member_plan" FOREIGN KEY ("tenant_id", "plan_id") REFERENCES "plan"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_action" ADD CONSTRAINT "fk_plan_action_owner_network_member" FOREIGN KEY ("plan_id", "owner_network_member_id") REFERENCES "plan_network_member"("plan_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_action" ADD CONSTRAINT "fk_plan_action_owner_member" FOREIGN KEY ("tenant_id", "owner_member_id") REFERENCES "member"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_action" ADD CONSTRAINT "fk_plan_action_owner_organisation" FOREIGN KEY ("tenant_id", "owner_organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_action" ADD CONSTRAINT "fk_plan_action_owner_professional" FOREIGN KEY ("tenant_id", "owner_professional_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_action" ADD CONSTRAINT "fk_plan_action_goal" FOREIGN KEY ("tenant_id", "plan_id", "goal_id") REFERENCES "plan_goal"("tenant_id","plan_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_community_resource" ADD CONSTRAINT "fk_plan_community_resource_plan" FOREIGN KEY ("tenant_id", "plan_id") REFERENCES "plan"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_revision" ADD CONSTRAINT "fk_plan_revision_changed_by" FOREIGN KEY ("tenant_id", "changed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "plan_revision" ADD CONSTRAINT "fk_plan_revision_plan" FOREIGN KEY ("tenant_id", "plan_id") REFERENCES "plan"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER plan_revision_append_only BEFORE UPDATE OR DELETE ON "plan_revision" FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER plan_revision_no_truncate BEFORE TRUNCATE ON "plan_revision" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_revision_no_truncate ON "plan_revision"`);
    await queryRunner.query(`DROP TRIGGER plan_revision_append_only ON "plan_revision"`);
    await queryRunner.query(`DROP FUNCTION refuse_change()`);
    await queryRunner.query(`ALTER TABLE "plan_revision" DROP CONSTRAINT "fk_plan_revision_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_revision" DROP CONSTRAINT "fk_plan_revision_changed_by"`);
    await queryRunner.query(`ALTER TABLE "plan_community_resource" DROP CONSTRAINT "fk_plan_community_resource_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_action" DROP CONSTRAINT "fk_plan_action_goal"`);
    await queryRunner.query(`ALTER TABLE "plan_action" DROP CONSTRAINT "fk_plan_action_owner_professional"`);
    await queryRunner.query(`ALTER TABLE "plan_action" DROP CONSTRAINT "fk_plan_action_owner_organisation"`);
    await queryRunner.query(`ALTER TABLE "plan_action" DROP CONSTRAINT "fk_plan_action_owner_member"`);
    await queryRunner.query(`ALTER TABLE "plan_action" DROP CONSTRAINT "fk_plan_action_owner_network_member"`);
    await queryRunner.query(`ALTER TABLE "plan_network_member" DROP CONSTRAINT "fk_plan_network_member_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_goal" DROP CONSTRAINT "fk_plan_goal_plan"`);
    await queryRunner.query(`ALTER TABLE "plan_goal" DROP CONSTRAINT "fk_plan_goal_domain"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP CONSTRAINT "fk_plan_household"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP CONSTRAINT "fk_plan_created_by"`);
    await queryRunner.query(`ALTER TABLE "plan" DROP CONSTRAINT "fk_plan_updated_by"`);
    await queryRunner.query(`ALTER TABLE "life_domain" DROP CONSTRAINT "fk_life_domain_tenant"`);
    await queryRunner.query(`ALTER TABLE "member" DROP CONSTRAINT "fk_member_household"`);
    await queryRunner.query(`ALTER TABLE "household_episode" DROP CONSTRAINT "fk_household_episode_household"`);
    await queryRunner.query(`ALTER TABLE "outbox_event" DROP CONSTRAINT "fk_outbox_event_tenant"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP CONSTRAINT "fk_coordinator_assignment_household"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP CONSTRAINT "fk_coordinator_assignment_professional"`);
    await queryRunner.query(`ALTER TABLE "coordinator_assignment" DROP CONSTRAINT "fk_coordinator_assignment_assigned_by"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "fk_care_team_link_household"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "fk_care_team_link_organisation"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "fk_care_team_link_professional"`);
    await queryRunner.query(`ALTER TABLE "care_team_link" DROP CONSTRAINT "fk_care_team_link_created_by"`);
    await queryRunner.query(`ALTER TABLE "professional" DROP CONSTRAINT "fk_professional_organisation"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "fk_organisation_tenant"`);
    await queryRunner.query(`ALTER TABLE "household" DROP CONSTRAINT "fk_household_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_revision_number"`);
    await queryRunner.query(`DROP TABLE "plan_revision"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_community_resource_plan"`);
    await queryRunner.query(`DROP TABLE "plan_community_resource"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_action_goal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_action_open_due"`);
    await queryRunner.query(`DROP TABLE "plan_action"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_network_member_plan"`);
    await queryRunner.query(`DROP TABLE "plan_network_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plan_goal_plan"`);
    await queryRunner.query(`DROP TABLE "plan_goal"`);
    await queryRunner.query(`DROP INDEX "public"."uq_plan_household"`);
    await queryRunner.query(`DROP TABLE "plan"`);
    await queryRunner.query(`DROP TABLE "life_domain"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_birth_date_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_bsn_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_household"`);
    await queryRunner.query(`DROP TABLE "member"`);
    await queryRunner.query(`DROP INDEX "public"."uq_household_episode_number"`);
    await queryRunner.query(`DROP INDEX "public"."uq_household_episode_open"`);
    await queryRunner.query(`DROP TABLE "household_episode"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_event_undispatched"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_event_household"`);
    await queryRunner.query(`DROP TABLE "outbox_event"`);
    await queryRunner.query(`DROP INDEX "public"."uq_coordinator_assignment_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coordinator_assignment_professional_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_coordinator_assignment_household_started"`);
    await queryRunner.query(`DROP TABLE "coordinator_assignment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_care_team_link_household"`);
    await queryRunner.query(`DROP INDEX "public"."uq_care_team_link_active_org"`);
    await queryRunner.query(`DROP INDEX "public"."uq_care_team_link_active_professional"`);
    await queryRunner.query(`DROP TABLE "care_team_link"`);
    await queryRunner.query(`DROP INDEX "public"."uq_professional_tenant_email"`);
    await queryRunner.query(`DROP TABLE "professional"`);
    await queryRunner.query(`DROP INDEX "public"."uq_organisation_tenant_name"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_household_address_hash"`);
    await queryRunner.query(`DROP INDEX "public"."ix_household_tenant_created"`);
    await queryRunner.query(`DROP TABLE "household"`);
    await queryRunner.query(`DROP TABLE "tenant"`);
  }
}
