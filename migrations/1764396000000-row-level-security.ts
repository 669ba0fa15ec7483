import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table with a tenant column, at the time of this migration. Later migrations enable RLS on their own tables. */
const TENANT_TABLES = [
  'life_domain', 'organisation', 'professional', 'household', 'household_episode', 'member', 'coordinator_assignment',
  'care_team_link', 'plan', 'plan_goal', 'plan_network_member', 'plan_community_resource', 'plan_action', 'plan_revision',
  'outbox_event', 'assessment', 'assessment_score', 'contact', 'contact_member', 'escalation', 'signal', 'signal_match',
  'signal_match_organisation', 'stall_evaluation_run', 'stall_rule_setting', 'stall_snooze', 'stalled_case',
  'stalled_household', 'dead_letter', 'webhook_subscription', 'webhook_delivery', 'notification_preference',
  'notification', 'idempotency_record', 'consent',
];

/**
 * Tenant isolation in the database (defence in depth under the application's own tenant filters).
 *
 * - `eenplan_app`: the role every request's queries run as (the app sets it per connection and per transaction,
 *   even when the configured database user is a superuser). No BYPASSRLS; it sees only rows of the tenant in the
 *   transaction-local setting `app.tenant_id`, and nothing at all without one.
 * - `eenplan_worker`: the role of system work that is not a request — outbox relay, fan-out, webhook and e-mail
 *   dispatch, the stall evaluation, token lookups before the tenant is known. No BYPASSRLS either; an explicit
 *   policy per table lets it see all tenants.
 * FORCE ROW LEVEL SECURITY makes the policies apply to the tables' owner too. Roles are cluster-wide, so they are
 * created only when missing, and `down` leaves them in place (other databases of the cluster may use them).
 * Data migrations that must see every row run as a superuser or `SET LOCAL ROLE eenplan_worker`.
 */
export class RowLevelSecurity1764396000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764396000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const role of ['eenplan_app', 'eenplan_worker']) {
      // several databases of one cluster may migrate at the same moment (tests): a concurrent create is fine
      await queryRunner.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN NOBYPASSRLS; END IF;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
      await queryRunner.query(
        `DO $$ BEGIN
           IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN EXECUTE format('GRANT ${role} TO %I', current_user); END IF;
         EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; END $$`,
      );
    }
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO eenplan_app, eenplan_worker`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO eenplan_app, eenplan_worker`);
    await queryRunner.query(
      `CREATE FUNCTION eenplan_current_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`,
    );
    for (const table of TENANT_TABLES) await enableTenantIsolation(queryRunner, table);
    await queryRunner.query(`ALTER TABLE "tenant" ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "tenant" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY tenant_isolation ON "tenant" USING ("id" = eenplan_current_tenant()) WITH CHECK ("id" = eenplan_current_tenant())`);
    await queryRunner.query(`CREATE POLICY system_work ON "tenant" TO eenplan_worker USING (true) WITH CHECK (true)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['tenant', ...TENANT_TABLES].reverse()) await disableTenantIsolation(queryRunner, table);
    await queryRunner.query(`DROP FUNCTION eenplan_current_tenant()`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM eenplan_app, eenplan_worker`);
  }
}

/** RLS on a table with a `tenant_id` column: the request role sees its tenant only, the worker role everything. */
export async function enableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON "${table}" USING ("tenant_id" = eenplan_current_tenant()) WITH CHECK ("tenant_id" = eenplan_current_tenant())`,
  );
  await queryRunner.query(`CREATE POLICY system_work ON "${table}" TO eenplan_worker USING (true) WITH CHECK (true)`);
}

export async function disableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`DROP POLICY system_work ON "${table}"`);
  await queryRunner.query(`DROP POLICY tenant_isolation ON "${table}"`);
  await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
}
