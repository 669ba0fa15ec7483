import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

const REFUSE = `RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'`;

/**
 * Retention and legal hold (issue 13, items 1–3; docs/PRIVACY.md).
 *
 * - `retention_schedule` (version per municipality, the ETag), `retention_setting` (overrides of the defaults in
 *   code), `retention_run` (every dry run and apply, per municipality and category).
 * - `legal_hold`: an active hold cannot be deleted, and a lifted one only loses nothing but is frozen (trigger); the
 *   foreign key keeps the household while any hold row exists.
 * - `plan_revision_erasure`: a transient marker. Plan revisions stay append-only, except that the worker role may
 *   delete the revisions of a plan it has marked in the same transaction (a case file whose period has passed).
 *   The request role cannot write markers.
 * - `audit_retirement`: per municipality and month, the signed record that the month of the audit trail was retired
 *   (its last checkpoint: number, last sequence number, chain value, total). Append-only. Audit events and seals
 *   stay append-only, except that rows of a retired month may be deleted (trigger); the worker role (no DELETE grant)
 *   does it through `audit_purge_retired(tenant, month, limit)` (owner, SECURITY DEFINER), which checks the record too.
 *   `audit_drop_retired_month(month)` (owner, SECURITY DEFINER, worker may call) drops a month's partitions at once
 *   when every municipality with rows in them has retired that month.
 */
export class RetentionLegalHold1764600000000 implements MigrationInterface {
  name = 'RetentionLegalHold1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "retention_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "category" character varying(32) NOT NULL, "mode" character varying(8) NOT NULL, "trigger" character varying(16) NOT NULL, "rule" character varying(300) NOT NULL, "cutoff" TIMESTAMP WITH TIME ZONE, "eligible" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "kept" integer NOT NULL DEFAULT '0', "removed" integer NOT NULL DEFAULT '0', "oldest_start" TIMESTAMP WITH TIME ZONE, "newest_start" TIMESTAMP WITH TIME ZONE, "status" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, CONSTRAINT "ck_retention_run_counts" CHECK ("eligible" >= 0 AND "held" >= 0 AND "removed" >= 0 AND "kept" >= 0), CONSTRAINT "ck_retention_run_finished" CHECK (("status" = 'running') = ("finished_at" IS NULL)), CONSTRAINT "ck_retention_run_status" CHECK ("status" IN ('running', 'completed', 'failed')), CONSTRAINT "ck_retention_run_trigger" CHECK ("trigger" IN ('schedule', 'cli')), CONSTRAINT "ck_retention_run_mode" CHECK ("mode" IN ('dry_run', 'apply')), CONSTRAINT "ck_retention_run_category" CHECK ("category" IN ('case_file', 'signals', 'audit_events', 'inbox_items', 'emails', 'webhook_deliveries', 'idempotency_records', 'outbox_events')), CONSTRAINT "PK_6ca0ca7552b6832d70c9c95a57d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_retention_run_tenant_started" ON "retention_run"  ("tenant_id", "started_at", "id") `);
    await queryRunner.query(`CREATE TABLE "retention_schedule" ("tenant_id" uuid NOT NULL, "version" integer NOT NULL, CONSTRAINT "ck_retention_schedule_version" CHECK ("version" >= 1), CONSTRAINT "PK_628d8176443387f65d7e0305af5" PRIMARY KEY ("tenant_id"))`);
    await queryRunner.query(`CREATE TABLE "retention_setting" ("tenant_id" uuid NOT NULL, "category" character varying(32) NOT NULL, "amount" integer NOT NULL, "unit" character varying(8) NOT NULL, "updated_by_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_retention_setting_amount" CHECK ("amount" BETWEEN 1 AND 100000), CONSTRAINT "ck_retention_setting_unit" CHECK ("unit" IN ('hours', 'days', 'months', 'years')), CONSTRAINT "ck_retention_setting_category" CHECK ("category" IN ('case_file', 'signals', 'audit_events', 'inbox_items', 'emails', 'webhook_deliveries', 'idempotency_records', 'outbox_events')), CONSTRAINT "PK_8e5834b757d36936f5f7bfc02ee" PRIMARY KEY ("tenant_id", "category"))`);
    await queryRunner.query(`CREATE TABLE "legal_hold" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "household_id" uuid NOT NULL, "reason" character varying(1000) NOT NULL, "placed_by_id" uuid NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lifted_by_id" uuid, "lifted_at" TIMESTAMP WITH TIME ZONE, "lift_reason" character varying(1000), CONSTRAINT "ck_legal_hold_dates" CHECK ("lifted_at" IS NULL OR "lifted_at" >= "placed_at"), CONSTRAINT "ck_legal_hold_lifted" CHECK (("lifted_at" IS NULL) = ("lifted_by_id" IS NULL) AND ("lifted_at" IS NULL) = ("lift_reason" IS NULL)), CONSTRAINT "PK_edcd499db1f1c67a56c565c5e64" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_legal_hold_active" ON "legal_hold"  ("tenant_id", "household_id") WHERE "lifted_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_legal_hold_household" ON "legal_hold"  ("tenant_id", "household_id", "placed_at", "id") `);
    await queryRunner.query(`ALTER TABLE "retention_run" ADD CONSTRAINT "fk_retention_run_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "retention_schedule" ADD CONSTRAINT "fk_retention_schedule_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "retention_setting" ADD CONSTRAINT "fk_retention_setting_updated_by" FOREIGN KEY ("tenant_id", "updated_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "retention_setting" ADD CONSTRAINT "fk_retention_setting_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "legal_hold" ADD CONSTRAINT "fk_legal_hold_lifted_by" FOREIGN KEY ("tenant_id", "lifted_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "legal_hold" ADD CONSTRAINT "fk_legal_hold_placed_by" FOREIGN KEY ("tenant_id", "placed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "legal_hold" ADD CONSTRAINT "fk_legal_hold_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    for (const table of ['retention_run', 'retention_schedule', 'retention_setting', 'legal_hold']) await enableTenantIsolation(queryRunner, table);

    // a hold is never deleted while active, and once lifted it is frozen
    await queryRunner.query(`CREATE FUNCTION legal_hold_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.lifted_at IS NULL THEN RAISE EXCEPTION 'an active legal hold cannot be deleted' USING ERRCODE = 'insufficient_privilege'; END IF;
          RETURN OLD;
        END IF;
        IF OLD.lifted_at IS NOT NULL OR NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id OR NEW.household_id <> OLD.household_id
           OR NEW.reason <> OLD.reason OR NEW.placed_by_id <> OLD.placed_by_id OR NEW.placed_at <> OLD.placed_at THEN
          RAISE EXCEPTION 'a legal hold can only be lifted, once' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "legal_hold_guard" BEFORE UPDATE OR DELETE ON "legal_hold" FOR EACH ROW EXECUTE FUNCTION legal_hold_guard()`);

    // plan revisions: deletable only by the worker, for a plan it marked in the same transaction
    await queryRunner.query(`CREATE TABLE "plan_revision_erasure" ("tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, CONSTRAINT "pk_plan_revision_erasure" PRIMARY KEY ("tenant_id", "plan_id"))`);
    await enableTenantIsolation(queryRunner, 'plan_revision_erasure');
    // the request role may only read marks (the trigger looks them up as whoever deletes), never write them
    await queryRunner.query(`REVOKE ALL ON "plan_revision_erasure" FROM eenplan_app`);
    await queryRunner.query(`GRANT SELECT ON "plan_revision_erasure" TO eenplan_app`);
    await queryRunner.query(`CREATE FUNCTION plan_revision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM plan_revision_erasure x WHERE x.tenant_id = OLD.tenant_id AND x.plan_id = OLD.plan_id) THEN
          RETURN OLD;
        END IF;
        ${REFUSE};
      END $$`);
    await queryRunner.query(`DROP TRIGGER "plan_revision_append_only" ON "plan_revision"`);
    await queryRunner.query(`CREATE TRIGGER "plan_revision_append_only" BEFORE UPDATE OR DELETE ON "plan_revision" FOR EACH ROW EXECUTE FUNCTION plan_revision_guard()`);

    // audit months retired under a signed record; only their rows may go
    await queryRunner.query(`CREATE TABLE "audit_retirement" (
      "tenant_id" uuid NOT NULL, "segment" date NOT NULL, "last_number" integer NOT NULL, "last_seq" bigint NOT NULL, "chain" character(64),
      "total" bigint NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "jws" text NOT NULL,
      CONSTRAINT "pk_audit_retirement" PRIMARY KEY ("tenant_id", "segment"),
      CONSTRAINT "ck_audit_retirement_segment" CHECK ("segment" = date_trunc('month', "segment")::date),
      CONSTRAINT "ck_audit_retirement_counts" CHECK ("last_number" >= 0 AND "total" >= 0 AND ("last_number" = 0) = ("chain" IS NULL)),
      CONSTRAINT "fk_audit_retirement_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id"))`);
    await enableTenantIsolation(queryRunner, 'audit_retirement');
    // the owner's partition-dropping function reads retirements (forced row-level security would hide them)
    await queryRunner.query(`CREATE POLICY retirement_owner ON "audit_retirement" FOR SELECT TO CURRENT_USER USING (true)`);
    await queryRunner.query(`REVOKE ALL ON "audit_retirement" FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT SELECT ON "audit_retirement" TO eenplan_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "audit_retirement" TO eenplan_worker`);
    await queryRunner.query(`CREATE TRIGGER "audit_retirement_append_only" BEFORE UPDATE OR DELETE ON "audit_retirement" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER "audit_retirement_no_truncate" BEFORE TRUNCATE ON "audit_retirement" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`CREATE FUNCTION audit_refuse_unless_retired() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_retirement r WHERE r.tenant_id = OLD.tenant_id
             AND r.segment = (date_trunc('month', OLD.recorded_at AT TIME ZONE 'UTC'))::date) THEN
          RETURN OLD;
        END IF;
        ${REFUSE};
      END $$`);
    for (const table of ['audit_event', 'audit_seal']) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION audit_refuse_unless_retired()`);
    }
    // the worker holds no DELETE on the audit tables: it removes a retired month's rows through this owner function,
    // which refuses a month without a retirement record (and the trigger would refuse each row anyway)
    await queryRunner.query(`CREATE FUNCTION audit_purge_retired(p_tenant uuid, p_segment date, p_limit integer) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        month_start timestamptz := p_segment::timestamp AT TIME ZONE 'UTC';
        month_end timestamptz := (p_segment::timestamp + interval '1 month') AT TIME ZONE 'UTC';
        n bigint;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_retirement r WHERE r.tenant_id = p_tenant AND r.segment = p_segment) THEN
          RAISE EXCEPTION 'audit month % of tenant % is not retired', p_segment, p_tenant USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- the owner is held by row-level security too: to this tenant
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        WITH picked AS (SELECT seq, recorded_at FROM audit_event WHERE tenant_id = p_tenant AND recorded_at >= month_start AND recorded_at < month_end LIMIT p_limit),
             events AS (DELETE FROM audit_event e USING picked WHERE e.seq = picked.seq AND e.recorded_at = picked.recorded_at
                          AND e.recorded_at >= month_start AND e.recorded_at < month_end RETURNING e.seq, e.recorded_at),
             seals AS (DELETE FROM audit_seal s USING events WHERE s.seq = events.seq AND s.recorded_at = events.recorded_at
                          AND s.recorded_at >= month_start AND s.recorded_at < month_end RETURNING 1)
        SELECT (SELECT count(*) FROM events) + 0 * (SELECT count(*) FROM seals) INTO n;
        IF n > 0 THEN RETURN n; END IF;
        -- seals whose events are already gone: a negative count, not counted as events
        WITH gone AS (DELETE FROM audit_seal s USING (SELECT seq, recorded_at FROM audit_seal WHERE tenant_id = p_tenant AND recorded_at >= month_start AND recorded_at < month_end LIMIT p_limit) x
                        WHERE s.seq = x.seq AND s.recorded_at = x.recorded_at AND s.recorded_at >= month_start AND s.recorded_at < month_end RETURNING 1)
        SELECT -count(*) INTO n FROM gone;
        RETURN n;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION audit_purge_retired(uuid, date, integer) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION audit_purge_retired(uuid, date, integer) TO eenplan_worker`);
    await queryRunner.query(`CREATE FUNCTION audit_drop_retired_month(month date) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        events text := 'audit_event_' || to_char(month, 'YYYYMM');
        seals text := 'audit_seal_' || to_char(month, 'YYYYMM');
        pending boolean;
      BEGIN
        IF month <> date_trunc('month', month)::date OR month >= (date_trunc('month', now() AT TIME ZONE 'UTC'))::date THEN RETURN false; END IF;
        IF to_regclass(events) IS NULL OR to_regclass(seals) IS NULL THEN RETURN false; END IF;
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id FROM %I UNION SELECT DISTINCT tenant_id FROM %I) t
                        WHERE NOT EXISTS (SELECT 1 FROM audit_retirement r WHERE r.tenant_id = t.tenant_id AND r.segment = $1))', events, seals)
          INTO pending USING month;
        IF pending THEN RETURN false; END IF;
        EXECUTE format('DROP TABLE %I, %I', events, seals);
        RETURN true;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION audit_drop_retired_month(date) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION audit_drop_retired_month(date) TO eenplan_worker`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_drop_retired_month(date)`);
    await queryRunner.query(`DROP FUNCTION audit_purge_retired(uuid, date, integer)`);
    for (const table of ['audit_event', 'audit_seal']) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    }
    await queryRunner.query(`DROP FUNCTION audit_refuse_unless_retired()`);
    await queryRunner.query(`DROP POLICY retirement_owner ON "audit_retirement"`);
    await disableTenantIsolation(queryRunner, 'audit_retirement');
    await queryRunner.query(`DROP TABLE "audit_retirement"`);
    await queryRunner.query(`DROP TRIGGER "plan_revision_append_only" ON "plan_revision"`);
    await queryRunner.query(`CREATE TRIGGER "plan_revision_append_only" BEFORE UPDATE OR DELETE ON "plan_revision" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`DROP FUNCTION plan_revision_guard()`);
    await disableTenantIsolation(queryRunner, 'plan_revision_erasure');
    await queryRunner.query(`DROP TABLE "plan_revision_erasure"`);
    await queryRunner.query(`DROP TRIGGER "legal_hold_guard" ON "legal_hold"`);
    await queryRunner.query(`DROP FUNCTION legal_hold_guard()`);
    for (const table of ['legal_hold', 'retention_setting', 'retention_schedule', 'retention_run']) await disableTenantIsolation(queryRunner, table);
    await queryRunner.query(`ALTER TABLE "legal_hold" DROP CONSTRAINT "fk_legal_hold_household"`);
    await queryRunner.query(`ALTER TABLE "legal_hold" DROP CONSTRAINT "fk_legal_hold_placed_by"`);
    await queryRunner.query(`ALTER TABLE "legal_hold" DROP CONSTRAINT "fk_legal_hold_lifted_by"`);
    await queryRunner.query(`ALTER TABLE "retention_setting" DROP CONSTRAINT "fk_retention_setting_tenant"`);
    await queryRunner.query(`ALTER TABLE "retention_setting" DROP CONSTRAINT "fk_retention_setting_updated_by"`);
    await queryRunner.query(`ALTER TABLE "retention_schedule" DROP CONSTRAINT "fk_retention_schedule_tenant"`);
    await queryRunner.query(`ALTER TABLE "retention_run" DROP CONSTRAINT "fk_retention_run_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_hold_household"`);
    await queryRunner.query(`DROP INDEX "public"."ix_legal_hold_active"`);
    await queryRunner.query(`DROP TABLE "legal_hold"`);
    await queryRunner.query(`DROP TABLE "retention_setting"`);
    await queryRunner.query(`DROP TABLE "retention_schedule"`);
    await queryRunner.query(`DROP INDEX "public"."ix_retention_run_tenant_started"`);
    await queryRunner.query(`DROP TABLE "retention_run"`);
  }
}
