import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/** People admin: every edit of a municipality's life-domain list is kept as a version. */
export class PeopleAdmin1764400710000 implements MigrationInterface {
  name = 'PeopleAdmin1764400710000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "life_domain_revision" ("tenant_id" uuid NOT NULL, "version" integer NOT NULL, "domains" jsonb NOT NULL, "changed_by_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9f6a58af0b12a8f8777c587e032" PRIMARY KEY ("tenant_id", "version"))`);
    await queryRunner.query(`ALTER TABLE "life_domain_revision" ADD CONSTRAINT "fk_life_domain_revision_changed_by" FOREIGN KEY ("tenant_id", "changed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "life_domain_revision" ADD CONSTRAINT "fk_life_domain_revision_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'life_domain_revision');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantIsolation(queryRunner, 'life_domain_revision');
    await queryRunner.query(`DROP TABLE "life_domain_revision"`);
  }
}
