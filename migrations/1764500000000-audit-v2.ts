import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/** The event's columns after `seq` and `recorded_at` (v1 minus its hash columns). */
const EVENT_COLUMNS = [
  'tenant_id', 'occurred_at', 'action', 'outcome', 'actor_kind', 'professional_id', 'api_client_id', 'organisation_id', 'roles',
  'on_behalf_of_organisation_id', 'resource_type', 'resource_id', 'household_id', 'member_ids', 'purpose', 'legal_basis', 'consent_id',
  'route', 'http_status', 'request_id', 'source_address', 'caller_request_id',
].map((c) => `"${c}"`).join(', ');

const APPEND_ONLY_TABLES = ['audit_event', 'audit_seal', 'audit_checkpoint'];

/**
 * Audit trail v2 (issue 11): requests append with one INSERT and no shared lock; a sealer job chains and signs
 * off the request path (docs/SECURITY.md, "Audit trail").
 *
 * - `audit_event`: numbered from the sequence `audit_event_seq`, stamped `recorded_at` (the database's clock at
 *   the insert) and partitioned by month of `recorded_at`, so retention can drop a month. No hash columns: the
 *   chain lives in `audit_seal`, written by the sealer.
 * - `audit_seal`: one row per sealed event, the HMAC chain value after it, partitioned like the events.
 * - `audit_checkpoint`: per sealing batch and tenant the signed checkpoint (ES256 JWS); the chain head.
 * All three are append-only for every role short of the owner: the application and worker roles hold no UPDATE,
 * DELETE or TRUNCATE, and triggers refuse those statements to everyone else (the owner can disable triggers; the
 * keyed chain and the checkpoints held outside the database expose that).
 * `audit_ensure_partitions(from, months_ahead)` creates the month partitions; it runs as the owner (SECURITY
 * DEFINER), and only the worker role (the sealer) may call it. Existing v1 events are copied in their tenants'
 * order; their old hash chain is superseded by the seals the sealer writes for them.
 */
export class AuditV21764500000000 implements MigrationInterface {
  name = 'AuditV21764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" RENAME TO "audit_event_v1"`);
    await queryRunner.query(`CREATE SEQUENCE "audit_event_seq" AS bigint`);
    await queryRunner.query(`CREATE TABLE "audit_event" (
      "seq" bigint NOT NULL DEFAULT nextval('audit_event_seq'),
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "tenant_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" character varying(16) NOT NULL,
      "outcome" character varying(16) NOT NULL, "actor_kind" character varying(16) NOT NULL, "professional_id" uuid NOT NULL,
      "api_client_id" uuid, "organisation_id" uuid NOT NULL, "roles" character varying(32) array NOT NULL,
      "on_behalf_of_organisation_id" uuid, "resource_type" character varying(40) NOT NULL, "resource_id" uuid, "household_id" uuid,
      "member_ids" uuid array NOT NULL, "purpose" character varying(40) NOT NULL, "legal_basis" character varying(40) NOT NULL,
      "consent_id" uuid, "route" character varying(200) NOT NULL, "http_status" smallint NOT NULL, "request_id" character varying(100),
      "source_address" character varying(64), "caller_request_id" character varying(64),
      CONSTRAINT "ck_audit_event2_actor_kind" CHECK ("actor_kind" IN ('professional', 'client')),
      CONSTRAINT "ck_audit_event2_outcome" CHECK ("outcome" IN ('success', 'not_found', 'forbidden')),
      CONSTRAINT "ck_audit_event2_action" CHECK ("action" IN ('create', 'read', 'update', 'delete', 'search', 'export', 'deny')),
      CONSTRAINT "ck_audit_event2_caller_request_id" CHECK ("caller_request_id" ~ '^[A-Za-z0-9._:-]{1,64}$'),
      CONSTRAINT "ck_audit_event2_roles" CHECK (cardinality("roles") > 0),
      CONSTRAINT "ck_audit_event2_legal_basis" CHECK ("legal_basis" <> '' AND "purpose" <> ''),
      CONSTRAINT "pk_audit_event" PRIMARY KEY ("seq", "recorded_at"),
      CONSTRAINT "fk_audit_event2_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")
    ) PARTITION BY RANGE ("recorded_at")`);
    await queryRunner.query(`ALTER SEQUENCE "audit_event_seq" OWNED BY "audit_event"."seq"`);
    // the household's events (its page, the access report): one index range per partition
    await queryRunner.query(`CREATE INDEX "ix_audit_event2_household" ON "audit_event" ("tenant_id", "household_id", "seq")`);
    // the sealer's look-back for events that committed after later-numbered ones
    await queryRunner.query(`CREATE INDEX "ix_audit_event2_recorded" ON "audit_event" ("recorded_at")`);

    await queryRunner.query(`CREATE TABLE "audit_seal" (
      "seq" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "tenant_id" uuid NOT NULL,
      "batch" integer NOT NULL, "mac" character(64) NOT NULL,
      CONSTRAINT "pk_audit_seal" PRIMARY KEY ("seq", "recorded_at"),
      CONSTRAINT "fk_audit_seal_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")
    ) PARTITION BY RANGE ("recorded_at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_seal_chain" ON "audit_seal" ("tenant_id", "batch", "seq")`);

    await queryRunner.query(`CREATE TABLE "audit_checkpoint" (
      "id" bigserial NOT NULL, "tenant_id" uuid NOT NULL, "segment" date NOT NULL, "number" integer NOT NULL,
      "last_seq" bigint NOT NULL, "chain" character(64) NOT NULL, "count" integer NOT NULL, "total" bigint NOT NULL,
      "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "jws" text NOT NULL,
      CONSTRAINT "pk_audit_checkpoint" PRIMARY KEY ("id"),
      CONSTRAINT "uq_audit_checkpoint_number" UNIQUE ("tenant_id", "segment", "number"),
      CONSTRAINT "ck_audit_checkpoint_count" CHECK ("count" > 0 AND "number" > 0 AND "total" >= "count"),
      CONSTRAINT "fk_audit_checkpoint_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")
    )`);

    await queryRunner.query(`CREATE FUNCTION audit_ensure_partitions(from_time timestamptz, months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        month timestamptz := date_trunc('month', from_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        last_month timestamptz := date_trunc('month', (now() AT TIME ZONE 'UTC') + make_interval(months => months_ahead)) AT TIME ZONE 'UTC';
        parent text; part text; made integer := 0;
      BEGIN
        WHILE month <= last_month LOOP
          FOREACH parent IN ARRAY ARRAY['audit_event', 'audit_seal'] LOOP
            part := parent || '_' || to_char(month AT TIME ZONE 'UTC', 'YYYYMM');
            IF to_regclass(part) IS NULL THEN
              EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, month, month + interval '1 month');
              -- reached only through the parent (its grants, policies and triggers); TRUNCATE of a partition refused too
              EXECUTE format('REVOKE ALL ON %I FROM eenplan_app, eenplan_worker', part);
              EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()', part || '_no_truncate', part);
              made := made + 1;
            END IF;
          END LOOP;
          month := month + interval '1 month';
        END LOOP;
        RETURN made;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION audit_ensure_partitions(timestamptz, integer) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION audit_ensure_partitions(timestamptz, integer) TO eenplan_worker`);
    await queryRunner.query(`SELECT audit_ensure_partitions(coalesce((SELECT min("occurred_at") FROM "audit_event_v1"), now()), 1)`);

    // v1 events keep their time; numbered in their tenants' chain order
    // an API client's events had no role: they get their own (`api_client`), which the report names
    const copied = EVENT_COLUMNS.replace('"roles"', `CASE WHEN cardinality("roles") = 0 THEN ARRAY['api_client']::varchar[] ELSE "roles" END`);
    await queryRunner.query(
      `INSERT INTO "audit_event" ("recorded_at", ${EVENT_COLUMNS}) SELECT "occurred_at", ${copied} FROM "audit_event_v1" ORDER BY "occurred_at", "tenant_id", "seq"`,
    );
    await queryRunner.query(`DROP TABLE "audit_event_v1"`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);

    for (const table of APPEND_ONLY_TABLES) {
      await enableTenantIsolation(queryRunner, table);
      await queryRunner.query(`REVOKE ALL ON "${table}" FROM eenplan_app, eenplan_worker`);
      await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }
    // requests append events; the sealer (worker) appends seals and checkpoints; everyone reads within RLS
    await queryRunner.query(`GRANT SELECT, INSERT ON "audit_event" TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT SELECT ON "audit_seal", "audit_checkpoint" TO eenplan_app`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "audit_seal", "audit_checkpoint" TO eenplan_worker`);
    await queryRunner.query(`REVOKE ALL ON SEQUENCE "audit_event_seq" FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT USAGE ON SEQUENCE "audit_event_seq" TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`REVOKE ALL ON SEQUENCE "audit_checkpoint_id_seq" FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT USAGE ON SEQUENCE "audit_checkpoint_id_seq" TO eenplan_worker`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // v1 is recreated empty-chained: its hashes cannot be recomputed here (down is for development only)
    for (const table of [...APPEND_ONLY_TABLES].reverse()) await disableTenantIsolation(queryRunner, table);
    await queryRunner.query(`DROP FUNCTION audit_ensure_partitions(timestamptz, integer)`);
    await queryRunner.query(`DROP TABLE "audit_checkpoint"`);
    await queryRunner.query(`DROP TABLE "audit_seal"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`CREATE TABLE "audit_chain_head" ("tenant_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_6045a026b2c931fc8e3a62fe85d" PRIMARY KEY ("tenant_id"))`);
    await queryRunner.query(`CREATE TABLE "audit_event" ("tenant_id" uuid NOT NULL, "seq" bigint NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" character varying(16) NOT NULL, "outcome" character varying(16) NOT NULL, "actor_kind" character varying(16) NOT NULL, "professional_id" uuid NOT NULL, "api_client_id" uuid, "organisation_id" uuid NOT NULL, "roles" character varying(32) array NOT NULL, "on_behalf_of_organisation_id" uuid, "resource_type" character varying(40) NOT NULL, "resource_id" uuid, "household_id" uuid, "member_ids" uuid array NOT NULL, "purpose" character varying(40) NOT NULL, "legal_basis" character varying(40) NOT NULL, "consent_id" uuid, "route" character varying(200) NOT NULL, "http_status" smallint NOT NULL, "request_id" character varying(100), "source_address" character varying(64), "caller_request_id" character varying(64), CONSTRAINT "ck_audit_event_actor_kind" CHECK ("actor_kind" IN ('professional', 'client')), CONSTRAINT "ck_audit_event_outcome" CHECK ("outcome" IN ('success', 'not_found', 'forbidden')), CONSTRAINT "ck_audit_event_action" CHECK ("action" IN ('create', 'read', 'update', 'delete', 'search', 'export', 'deny')), CONSTRAINT "ck_audit_event_caller_request_id" CHECK ("caller_request_id" ~ '^[A-Za-z0-9._:-]{1,64}$'), CONSTRAINT "PK_97c2d039c65e8d54c5da49f4b78" PRIMARY KEY ("tenant_id", "seq"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_household" ON "audit_event"  ("tenant_id", "household_id", "seq") `);
    await queryRunner.query(`ALTER TABLE "audit_chain_head" ADD CONSTRAINT "fk_audit_chain_head_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "fk_audit_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id")`);
    await enableTenantIsolation(queryRunner, 'audit_event');
    await enableTenantIsolation(queryRunner, 'audit_chain_head');
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }
}
