import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/**
 * Partner API clients (OAuth2 client credentials). A client acts through a service principal: a professional row
 * of kind `api_client` in the client's organisation, with role `professional` only (checked), that never signs in.
 * The secret is stored as a SHA-256 hash; `secret_generation` is carried in tokens so a rotation ends old tokens.
 */
export class ApiClientsSchema1764398000000 implements MigrationInterface {
  name = 'ApiClientsSchema1764398000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // a stable name, so a sign-in identity taken in another tenant (invisible under row-level security) is told apart
    await queryRunner.query(`ALTER TABLE "professional" RENAME CONSTRAINT "UQ_d8ea8f8c244dc48f00d686060a0" TO "uq_professional_auth_subject"`);
    await queryRunner.query(`ALTER TABLE "professional" ADD "kind" character varying(16) NOT NULL DEFAULT 'person'`);
    await queryRunner.query(
      `ALTER TABLE "professional" ADD CONSTRAINT "ck_professional_kind" CHECK ("kind" IN ('person', 'api_client') AND ("kind" = 'person' OR "roles" = ARRAY['professional']::varchar[]))`,
    );
    await queryRunner.query(`CREATE TABLE "api_client" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "scopes" character varying(32) array NOT NULL, "secret_hash" character(64) NOT NULL, "secret_generation" integer NOT NULL DEFAULT '1', "principal_id" uuid NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, CONSTRAINT "uq_api_client_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_api_client_generation" CHECK ("secret_generation" >= 1), CONSTRAINT "ck_api_client_revocation" CHECK (("revoked_at" IS NULL) = ("revoked_by_id" IS NULL)), CONSTRAINT "ck_api_client_scopes" CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['households:read', 'plan:read', 'plan:write', 'signals:write', 'webhooks:manage']::varchar[]), CONSTRAINT "PK_82a5ec6981d2be903a9eb1d9b9a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_api_client_organisation" ON "api_client"  ("organisation_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_client_principal" ON "api_client"  ("principal_id") `);
    await queryRunner.query(`ALTER TABLE "api_client" ADD CONSTRAINT "fk_api_client_revoked_by" FOREIGN KEY ("tenant_id", "revoked_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_client" ADD CONSTRAINT "fk_api_client_created_by" FOREIGN KEY ("tenant_id", "created_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_client" ADD CONSTRAINT "fk_api_client_principal" FOREIGN KEY ("tenant_id", "organisation_id", "principal_id") REFERENCES "professional"("tenant_id","organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_client" ADD CONSTRAINT "fk_api_client_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'api_client');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantIsolation(queryRunner, 'api_client');
    await queryRunner.query(`ALTER TABLE "api_client" DROP CONSTRAINT "fk_api_client_organisation"`);
    await queryRunner.query(`ALTER TABLE "api_client" DROP CONSTRAINT "fk_api_client_principal"`);
    await queryRunner.query(`ALTER TABLE "api_client" DROP CONSTRAINT "fk_api_client_created_by"`);
    await queryRunner.query(`ALTER TABLE "api_client" DROP CONSTRAINT "fk_api_client_revoked_by"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_client_principal"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_client_organisation"`);
    await queryRunner.query(`DROP TABLE "api_client"`);
    // service principals stay (other rows point at them as "done by") but can do nothing without their clients;
    // as the worker role, so row-level security lets the update see every tenant
    await queryRunner.query(`SET LOCAL ROLE eenplan_worker`);
    await queryRunner.query(`UPDATE "professional" SET "active" = false WHERE "kind" = 'api_client'`);
    await queryRunner.query(`RESET ROLE`);
    await queryRunner.query(`ALTER TABLE "professional" DROP CONSTRAINT "ck_professional_kind"`);
    await queryRunner.query(`ALTER TABLE "professional" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "professional" RENAME CONSTRAINT "uq_professional_auth_subject" TO "UQ_d8ea8f8c244dc48f00d686060a0"`);
  }
}
