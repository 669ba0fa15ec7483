import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

const BEFORE = `'case_file', 'signals', 'audit_events', 'inbox_items', 'emails', 'webhook_deliveries', 'idempotency_records', 'outbox_events'`;
const AFTER = `${BEFORE}, 'privacy_requests'`;

/** The state machine of 1764600100000; DELETE is refused unless `delete_allowed` (SQL) says otherwise. */
const transition = (deleteAllowed: string) => `
  CREATE OR REPLACE FUNCTION privacy_request_transition() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      IF ${deleteAllowed} THEN
        RETURN OLD;
      END IF;
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
  END $$`;

/**
 * Retention of AVG art. 17/18 requests (issue 13 follow-up; docs/PRIVACY.md): the category `privacy_requests`.
 *
 * - The category check constraints of `retention_run` and `retention_setting` name it.
 * - `privacy_request_purge`: a transient marker, as `plan_revision_erasure` is for plan revisions. A request stays
 *   evidence that no one deletes, except that a *finished* one (executed, rejected, lifted) may be deleted in a
 *   transaction that marked it first — the retention engine, as the worker role, once its period has passed. The
 *   request role may read marks (the trigger looks them up as whoever deletes) but never write them; an open request
 *   (recorded, approved, an active restriction) is refused even when marked.
 */
export class PrivacyRequestRetention1764600650000 implements MigrationInterface {
  name = 'PrivacyRequestRetention1764600650000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['retention_run', 'retention_setting']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_category"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_category" CHECK ("category" IN (${AFTER}))`);
    }
    await queryRunner.query(`CREATE TABLE "privacy_request_purge" ("tenant_id" uuid NOT NULL, "request_id" uuid NOT NULL, CONSTRAINT "pk_privacy_request_purge" PRIMARY KEY ("tenant_id", "request_id"))`);
    await enableTenantIsolation(queryRunner, 'privacy_request_purge');
    await queryRunner.query(`REVOKE ALL ON "privacy_request_purge" FROM eenplan_app`);
    await queryRunner.query(`GRANT SELECT ON "privacy_request_purge" TO eenplan_app`);
    await queryRunner.query(
      transition(`OLD.status IN ('executed', 'rejected', 'lifted')
        AND EXISTS (SELECT 1 FROM privacy_request_purge x WHERE x.tenant_id = OLD.tenant_id AND x.request_id = OLD.id)`),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(transition('false'));
    await disableTenantIsolation(queryRunner, 'privacy_request_purge');
    await queryRunner.query(`DROP TABLE "privacy_request_purge"`);
    await queryRunner.query(`DELETE FROM "retention_setting" WHERE "category" = 'privacy_requests'`);
    await queryRunner.query(`DELETE FROM "retention_run" WHERE "category" = 'privacy_requests'`);
    for (const table of ['retention_run', 'retention_setting']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_category"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_category" CHECK ("category" IN (${BEFORE}))`);
    }
  }
}
