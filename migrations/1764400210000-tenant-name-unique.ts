import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two municipalities never share a name, whatever its case (issue 10 item 10): `npm run tenant -- create` checks
 * first for a clear message; this unique index on lower(name) is the last word when two runs race.
 */
export class TenantNameUnique1764400210000 implements MigrationInterface {
  name = 'TenantNameUnique1764400210000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_tenant_name_lower" ON "tenant" (lower("name"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_tenant_name_lower"`);
  }
}
