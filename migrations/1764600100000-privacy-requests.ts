import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/**
 * AVG art. 17/18 requests (issue 13 item 4): the `privacy_request` table and what the database enforces around it.
 *
 * - Four eyes: `ck_privacy_request_four_eyes` (the decider is not the requester).
 * - The state machine: trigger `privacy_request_transition` lets only the steps of src/privacy/requests/privacy-request-values.ts
 *   through, keeps kind, subject and requester fixed and refuses DELETE/TRUNCATE (a request is evidence).
 * - A restriction that is `active` freezes its member (or, without a member, every member and the household's address):
 *   triggers on member, household, assessment, contact_member and plan_action refuse writes for the application roles
 *   with `ck_member_not_restricted` / `ck_household_not_restricted` (→ 409 MEMBER_RESTRICTED / HOUSEHOLD_RESTRICTED).
 * - An approved erasure being executed (`app.privacy_erasure` = its id, transaction-local) may pseudonymise those rows and
 *   plan revisions, which are otherwise append-only; a setting that names no approved erasure of that household opens nothing.
 * - `eenplan_withheld_from_partners(household, payload)`: whether an event names restricted data; webhook deliveries of
 *   such events are not made (fan-out) and not sent (dispatcher).
 */
export class PrivacyRequests1764600100000 implements MigrationInterface {
  name = 'PrivacyRequests1764600100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "privacy_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "household_id" uuid NOT NULL, "member_id" uuid, "reason" character varying(2000) NOT NULL, "reference" character varying(200), "status" character varying(16) NOT NULL, "requested_by_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" character varying(2000), "executed_by_id" uuid, "executed_at" TIMESTAMP WITH TIME ZONE, "lifted_by_id" uuid, "lifted_at" TIMESTAMP WITH TIME ZONE, "lift_reason" character varying(2000), "report" jsonb, CONSTRAINT "uq_privacy_request_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_privacy_request_lift" CHECK (("status" = 'lifted') = ("lifted_at" IS NOT NULL) AND ("lifted_at" IS NULL) = ("lifted_by_id" IS NULL) AND ("lifted_at" IS NULL) = ("lift_reason" IS NULL)), CONSTRAINT "ck_privacy_request_execution" CHECK (("status" IN ('executed', 'active', 'lifted')) = ("executed_at" IS NOT NULL) AND ("executed_at" IS NULL) = ("executed_by_id" IS NULL) AND ("status" <> 'executed' OR "report" IS NOT NULL)), CONSTRAINT "ck_privacy_request_decision" CHECK (("status" = 'recorded') = ("decided_at" IS NULL) AND ("decided_at" IS NULL) = ("decided_by_id" IS NULL) AND ("status" <> 'rejected' OR "decision_reason" IS NOT NULL)), CONSTRAINT "ck_privacy_request_four_eyes" CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id"), CONSTRAINT "ck_privacy_request_status_of_kind" CHECK (("status" <> 'executed' OR "kind" = 'erasure') AND ("status" NOT IN ('active', 'lifted') OR "kind" = 'restriction')), CONSTRAINT "ck_privacy_request_status" CHECK ("status" IN ('recorded', 'approved', 'rejected', 'executed', 'active', 'lifted')), CONSTRAINT "ck_privacy_request_kind" CHECK ("kind" IN ('erasure', 'restriction')), CONSTRAINT "PK_0f0855b007a744a88b91ef3b7b8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_privacy_request_open_restriction_household" ON "privacy_request"  ("tenant_id", "household_id") WHERE "kind" = 'restriction' AND "status" IN ('recorded', 'approved', 'active') AND "member_id" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_privacy_request_open_restriction_member" ON "privacy_request"  ("tenant_id", "member_id") WHERE "kind" = 'restriction' AND "status" IN ('recorded', 'approved', 'active') AND "member_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_privacy_request_household" ON "privacy_request"  ("tenant_id", "household_id") `);
    await queryRunner.query(`CREATE INDEX "ix_privacy_request_tenant_requested" ON "privacy_request"  ("tenant_id", "requested_at", "id") `);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_lifted_by" FOREIGN KEY ("tenant_id", "lifted_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_executed_by" FOREIGN KEY ("tenant_id", "executed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_decided_by" FOREIGN KEY ("tenant_id", "decided_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_requested_by" FOREIGN KEY ("tenant_id", "requested_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_member" FOREIGN KEY ("tenant_id", "member_id") REFERENCES "member"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "privacy_request" ADD CONSTRAINT "fk_privacy_request_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'privacy_request');

    // the state machine; the same steps as PRIVACY_REQUEST_TRANSITIONS
    await queryRunner.query(`
      CREATE FUNCTION privacy_request_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'privacy_request rows are evidence and are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.tenant_id <> OLD.tenant_id OR NEW.kind <> OLD.kind OR NEW.household_id <> OLD.household_id OR NEW.member_id IS DISTINCT FROM OLD.member_id
           OR NEW.requested_by_id <> OLD.requested_by_id OR NEW.requested_at <> OLD.requested_at OR NEW.reason <> OLD.reason THEN
          RAISE EXCEPTION 'a privacy request keeps its kind, subject, reason and requester'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_privacy_request_transition', TABLE = 'privacy_request';
        END IF;
        IF NOT ((NEW.kind = 'erasure' AND (OLD.status::text, NEW.status::text) IN (('recorded', 'approved'), ('recorded', 'rejected'), ('approved', 'executed')))
             OR (NEW.kind = 'restriction' AND (OLD.status::text, NEW.status::text) IN (('recorded', 'approved'), ('recorded', 'rejected'), ('approved', 'active'), ('active', 'lifted')))) THEN
          RAISE EXCEPTION 'a % request cannot go from % to %', NEW.kind, OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_privacy_request_transition', TABLE = 'privacy_request';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER privacy_request_transition BEFORE UPDATE OR DELETE ON "privacy_request" FOR EACH ROW EXECUTE FUNCTION privacy_request_transition()`);
    await queryRunner.query(`CREATE TRIGGER privacy_request_no_truncate BEFORE TRUNCATE ON "privacy_request" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // an active restriction of this member, or of the whole household (p_member null: the household's own only)
    await queryRunner.query(`
      CREATE FUNCTION eenplan_privacy_restricted(p_household uuid, p_member uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM privacy_request r
                        WHERE r.household_id = p_household AND r.kind = 'restriction' AND r.status = 'active'
                          AND (r.member_id IS NULL OR r.member_id = p_member))
      $$`);
    // the approved erasure of this household that the current transaction is executing
    await queryRunner.query(`
      CREATE FUNCTION eenplan_privacy_erasure_running(p_household uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM privacy_request r
                        WHERE r.id = NULLIF(current_setting('app.privacy_erasure', true), '')::uuid
                          AND r.household_id = p_household AND r.kind = 'erasure' AND r.status = 'approved')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION eenplan_withheld_from_partners(p_household uuid, p_payload jsonb) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT p_household IS NOT NULL AND EXISTS (
          SELECT 1 FROM privacy_request r
           WHERE r.household_id = p_household AND r.kind = 'restriction' AND r.status = 'active'
             AND (r.member_id IS NULL
                  OR p_payload->>'memberId' = r.member_id::text
                  OR (jsonb_typeof(p_payload->'memberIds') = 'array' AND p_payload->'memberIds' ? r.member_id::text)
                  OR (p_payload->>'ownerType' = 'member' AND p_payload->>'ownerId' = r.member_id::text)))
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION privacy_refuse_restricted(p_household uuid, p_member uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user IN ('eenplan_app', 'eenplan_worker') AND p_household IS NOT NULL
           AND eenplan_privacy_restricted(p_household, p_member) AND NOT eenplan_privacy_erasure_running(p_household) THEN
          IF p_member IS NULL THEN
            RAISE EXCEPTION 'household % is under a restriction of processing (AVG art. 18)', p_household
              USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_household_not_restricted';
          END IF;
          RAISE EXCEPTION 'member % is under a restriction of processing (AVG art. 18)', p_member
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_member_not_restricted';
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION privacy_guard_row() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        subject record;
      BEGIN
        IF TG_OP = 'DELETE' THEN subject := OLD; ELSE subject := NEW; END IF;
        IF TG_TABLE_NAME = 'member' THEN
          PERFORM privacy_refuse_restricted(OLD.household_id, OLD.id);
        ELSIF TG_TABLE_NAME = 'household' THEN
          PERFORM privacy_refuse_restricted(OLD.id, NULL);
        ELSIF TG_TABLE_NAME = 'assessment' THEN
          PERFORM privacy_refuse_restricted(subject.household_id, subject.member_id);
        ELSIF TG_TABLE_NAME = 'contact_member' THEN
          PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.member_id), subject.member_id);
        ELSIF TG_TABLE_NAME = 'plan_action' AND subject.owner_member_id IS NOT NULL THEN
          PERFORM privacy_refuse_restricted((SELECT m.household_id FROM member m WHERE m.id = subject.owner_member_id), subject.owner_member_id);
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER member_restriction_guard BEFORE UPDATE OF given_name, family_name, date_of_birth, role, birth_date_hash, bsn_ciphertext, bsn_key_id, bsn_hash, removed_at OR DELETE ON "member" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER household_restriction_guard BEFORE UPDATE OF postcode, house_number, house_number_suffix, district, address_hash, registration_reason OR DELETE ON "household" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`,
    );
    await queryRunner.query(`CREATE TRIGGER assessment_restriction_guard BEFORE INSERT OR UPDATE ON "assessment" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);
    await queryRunner.query(`CREATE TRIGGER contact_member_restriction_guard BEFORE INSERT OR UPDATE ON "contact_member" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);
    await queryRunner.query(`CREATE TRIGGER plan_action_restriction_guard BEFORE INSERT OR UPDATE ON "plan_action" FOR EACH ROW EXECUTE FUNCTION privacy_guard_row()`);

    // plan revisions stay append-only, except that an approved erasure of the plan's household may pseudonymise them,
    // and (as before this migration, 1764600000000) the retention purge may delete a plan's revisions it has marked
    await queryRunner.query(`
      CREATE FUNCTION plan_revision_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM plan_revision_erasure x WHERE x.tenant_id = OLD.tenant_id AND x.plan_id = OLD.plan_id) THEN
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.plan_id = OLD.plan_id AND NEW.number = OLD.number AND NEW.tenant_id = OLD.tenant_id
           AND eenplan_privacy_erasure_running((SELECT p.household_id FROM plan p WHERE p.id = OLD.plan_id)) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP TRIGGER plan_revision_append_only ON "plan_revision"`);
    await queryRunner.query(`CREATE TRIGGER plan_revision_append_only BEFORE UPDATE OR DELETE ON "plan_revision" FOR EACH ROW EXECUTE FUNCTION plan_revision_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER plan_revision_append_only ON "plan_revision"`);
    await queryRunner.query(`CREATE TRIGGER plan_revision_append_only BEFORE UPDATE OR DELETE ON "plan_revision" FOR EACH ROW EXECUTE FUNCTION plan_revision_guard()`);
    await queryRunner.query(`DROP FUNCTION plan_revision_refuse_change()`);
    await queryRunner.query(`DROP TRIGGER plan_action_restriction_guard ON "plan_action"`);
    await queryRunner.query(`DROP TRIGGER contact_member_restriction_guard ON "contact_member"`);
    await queryRunner.query(`DROP TRIGGER assessment_restriction_guard ON "assessment"`);
    await queryRunner.query(`DROP TRIGGER household_restriction_guard ON "household"`);
    await queryRunner.query(`DROP TRIGGER member_restriction_guard ON "member"`);
    await queryRunner.query(`DROP FUNCTION privacy_guard_row()`);
    await queryRunner.query(`DROP FUNCTION privacy_refuse_restricted(uuid, uuid)`);
    await queryRunner.query(`DROP FUNCTION eenplan_withheld_from_partners(uuid, jsonb)`);
    await queryRunner.query(`DROP FUNCTION eenplan_privacy_erasure_running(uuid)`);
    await queryRunner.query(`DROP FUNCTION eenplan_privacy_restricted(uuid, uuid)`);
    await queryRunner.query(`DROP TRIGGER privacy_request_no_truncate ON "privacy_request"`);
    await queryRunner.query(`DROP TRIGGER privacy_request_transition ON "privacy_request"`);
    await queryRunner.query(`DROP FUNCTION privacy_request_transition()`);
    await disableTenantIsolation(queryRunner, 'privacy_request');
    await queryRunner.query(`DROP TABLE "privacy_request"`);
  }
}
