import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a professional or an API client row — deactivation, roles, organisation, revocation, a rotated
 * secret; by the API, a CLI or plain SQL — NOTIFYs `eenplan_principal_changed` at commit, so every replica drops the
 * principal cache of the auth guard (src/auth/principal-cache.ts). Statement triggers: one notification per
 * statement (PostgreSQL folds identical ones within a transaction), whatever the number of rows.
 */
export class PrincipalChangedNotify1764600400000 implements MigrationInterface {
  name = 'PrincipalChangedNotify1764600400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION notify_principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('eenplan_principal_changed', '');
        RETURN NULL;
      END $$`);
    for (const table of ['professional', 'api_client']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_principal_changed AFTER UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION notify_principal_changed()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_principal_truncated AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION notify_principal_changed()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['api_client', 'professional']) {
      await queryRunner.query(`DROP TRIGGER ${table}_principal_truncated ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_principal_changed ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION notify_principal_changed()`);
  }
}
