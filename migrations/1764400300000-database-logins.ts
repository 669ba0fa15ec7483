import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime logs in as `eenplan_app` and `eenplan_worker` themselves (src/database/database-logins.ts), no
 * longer as the owner switching roles. Per database they need: CONNECT (not every server grants it to PUBLIC),
 * and for the worker CREATE, because BullMQ's PostgreSQL backend creates and migrates its own schema
 * (`bullmq_<prefix>`) as the login that uses it. A queue schema made earlier by the owner is handed to the
 * worker, so BullMQ's later upgrades can alter it. Roles are cluster-wide; these grants are per database.
 */
export class DatabaseLogins1764400300000 implements MigrationInterface {
  name = 'DatabaseLogins1764400300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DO $$ BEGIN
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO eenplan_app, eenplan_worker', current_database());
      EXECUTE format('GRANT CREATE ON DATABASE %I TO eenplan_worker', current_database());
    END $$`);
    await queryRunner.query(`DO $$
      DECLARE s record; o record;
      BEGIN
        FOR s IN SELECT oid, nspname FROM pg_namespace WHERE nspname LIKE 'bullmq%' AND nspowner <> 'eenplan_worker'::regrole LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO eenplan_worker', s.nspname);
          -- tables, views and free-standing sequences (a serial's sequence follows its table)
          FOR o IN SELECT c.relname, c.relkind FROM pg_class c
                    WHERE c.relnamespace = s.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.classid = 'pg_class'::regclass) LOOP
            EXECUTE format(CASE o.relkind WHEN 'S' THEN 'ALTER SEQUENCE %I.%I OWNER TO eenplan_worker'
                                          WHEN 'v' THEN 'ALTER VIEW %I.%I OWNER TO eenplan_worker'
                                          WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %I.%I OWNER TO eenplan_worker'
                                          ELSE 'ALTER TABLE %I.%I OWNER TO eenplan_worker' END, s.nspname, o.relname);
          END LOOP;
          FOR o IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = s.oid LOOP
            EXECUTE format('ALTER ROUTINE %s OWNER TO eenplan_worker', o.oid::regprocedure);
          END LOOP;
          FOR o IN SELECT t.oid FROM pg_type t WHERE t.typnamespace = s.oid AND t.typtype IN ('e', 'd')
                      OR (t.typnamespace = s.oid AND t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
            EXECUTE format('ALTER TYPE %s OWNER TO eenplan_worker', o.oid::regtype);
          END LOOP;
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // ownership of a queue schema stays with the worker: handing it back could break the running queue
    await queryRunner.query(`DO $$ BEGIN
      EXECUTE format('REVOKE CREATE ON DATABASE %I FROM eenplan_worker', current_database());
      EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM eenplan_app, eenplan_worker', current_database());
    END $$`);
  }
}
