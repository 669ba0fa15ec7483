import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

const ROLES_BEFORE = `'admin', 'supervisor', 'coordinator', 'professional'`;
const ROLES_AFTER = `'admin', 'supervisor', 'coordinator', 'professional', 'privacy_officer'`;

/**
 * The audit trail (issue 3 item 6): `audit_event`, hash-chained per tenant, and `audit_chain_head`, the last link of
 * each tenant's chain. Append-only twice over: the application and worker roles lose UPDATE, DELETE and TRUNCATE on
 * `audit_event` (the default privileges of the row-level-security migration granted them), and triggers refuse
 * UPDATE, DELETE and TRUNCATE for everyone else short of a superuser disabling triggers — which the hash chain then
 * exposes. Also adds the `privacy_officer` role.
 */
export class AuditSchema1764397000000 implements MigrationInterface {
  name = 'AuditSchema1764397000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_chain_head" ("tenant_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_6045a026b2c931fc8e3a62fe85d" PRIMARY KEY ("tenant_id"))`);
    await queryRunner.query(`CREATE TABLE "audit_event" ("tenant_id" uuid NOT NULL, "seq" bigint NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action" character varying(16) NOT NULL, "outcome" character varying(16) NOT NULL, "actor_kind" character varying(16) NOT NULL, "professional_id" uuid NOT NULL, "api_client_id" uuid, "organisation_id" uuid NOT NULL, "roles" character varying(32) array NOT NULL, "on_behalf_of_organisation_id" uuid, "resource_type" character varying(40) NOT NULL, "resource_id" uuid, "household_id" uuid, "member_ids" uuid array NOT NULL, "purpose" character varying(40) NOT NULL, "legal_basis" character varying(40) NOT NULL, "consent_id" uuid, "route" character varying(200) NOT NULL, "http_status" smallint NOT NULL, "request_id" character varying(100), "source_address" character varying(64), CONSTRAINT "ck_audit_event_actor_kind" CHECK ("actor_kind" IN ('professional', 'client')), CONSTRAINT "ck_audit_event_outcome" CHECK ("outcome" IN ('success', 'not_found', 'forbidden')), CONSTRAINT "ck_audit_event_action" CHECK ("action" IN ('create', 'read', 'update', 'delete', 'search', 'export', 'deny')), CONSTRAINT "PK_97c2d039c65e8d54c5da49f4b78" PRIMARY KEY ("tenant_id", "seq"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_household" ON "audit_event"  ("tenant_id", "household_id", "seq") `);
    await queryRunner.query(`ALTER TABLE "audit_chain_head" ADD CONSTRAINT "fk_audit_chain_head_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD CONSTRAINT "fk_audit_event_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'audit_event');
    await enableTenantIsolation(queryRunner, 'audit_chain_head');
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM eenplan_app, eenplan_worker`);
    // refuse_change() is the append-only trigger function of the initial schema (plan_revision)
    await queryRunner.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`ALTER TABLE "professional" DROP CONSTRAINT "ck_professional_roles"`);
    await queryRunner.query(`ALTER TABLE "professional" ADD CONSTRAINT "ck_professional_roles" CHECK (cardinality("roles") > 0 AND "roles" <@ ARRAY[${ROLES_AFTER}]::varchar[])`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "professional" DROP CONSTRAINT "ck_professional_roles"`);
    await queryRunner.query(`ALTER TABLE "professional" ADD CONSTRAINT "ck_professional_roles" CHECK (cardinality("roles") > 0 AND "roles" <@ ARRAY[${ROLES_BEFORE}]::varchar[])`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER audit_event_append_only ON "audit_event"`);
    await disableTenantIsolation(queryRunner, 'audit_chain_head');
    await disableTenantIsolation(queryRunner, 'audit_event');
    await queryRunner.query(`ALTER TABLE "audit_event" DROP CONSTRAINT "fk_audit_event_tenant"`);
    await queryRunner.query(`ALTER TABLE "audit_chain_head" DROP CONSTRAINT "fk_audit_chain_head_tenant"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_event_household"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
  }
}
