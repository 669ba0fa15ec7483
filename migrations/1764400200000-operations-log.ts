import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's operations log (issue 10 item 2): what platform operators did on the queue dashboard, and every
 * refusal at the operator boundary. It belongs to no municipality, so it has no tenant column and no row-level
 * security; the request role `eenplan_app` gets no access at all, the worker role (system work) may insert and
 * read, and may fill in a row's `http_status` once. Triggers refuse DELETE, TRUNCATE and any other UPDATE for
 * everyone short of a superuser disabling triggers.
 */
export class OperationsLog1764400200000 implements MigrationInterface {
  name = 'OperationsLog1764400200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "operations_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_id" character varying(255) NOT NULL, "actor_tenant_id" uuid, "action" character varying(64) NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(300) NOT NULL, "target_tenant_id" uuid, "queue" character varying(64), "job_id" character varying(200), "http_status" smallint, "request_id" character varying(100), "source_address" character varying(64), CONSTRAINT "ck_operations_log_actor_kind" CHECK ("actor_kind" IN ('operator', 'professional')), CONSTRAINT "PK_c1a8e0bed103a7601e77f2cc86f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_operations_log_occurred" ON "operations_log"  ("occurred_at") `);
    // the default privileges of the row-level-security migration granted everything: take it back
    await queryRunner.query(`REVOKE ALL ON "operations_log" FROM eenplan_app, eenplan_worker`);
    await queryRunner.query(`GRANT SELECT, INSERT ON "operations_log" TO eenplan_worker`);
    await queryRunner.query(`GRANT UPDATE ("http_status") ON "operations_log" TO eenplan_worker`);
    await queryRunner.query(
      `CREATE FUNCTION operations_log_outcome_once() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.http_status IS NULL AND NEW.http_status IS NOT NULL
            AND (to_jsonb(NEW) - 'http_status') = (to_jsonb(OLD) - 'http_status') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'operations_log is append-only: only a missing http_status may be filled in, once' USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    await queryRunner.query(`CREATE TRIGGER operations_log_outcome_once BEFORE UPDATE ON "operations_log" FOR EACH ROW EXECUTE FUNCTION operations_log_outcome_once()`);
    // refuse_change() is the append-only trigger function of the initial schema
    await queryRunner.query(`CREATE TRIGGER operations_log_no_delete BEFORE DELETE ON "operations_log" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER operations_log_no_truncate BEFORE TRUNCATE ON "operations_log" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER operations_log_no_truncate ON "operations_log"`);
    await queryRunner.query(`DROP TRIGGER operations_log_no_delete ON "operations_log"`);
    await queryRunner.query(`DROP TRIGGER operations_log_outcome_once ON "operations_log"`);
    await queryRunner.query(`DROP FUNCTION operations_log_outcome_once()`);
    await queryRunner.query(`DROP INDEX "public"."ix_operations_log_occurred"`);
    await queryRunner.query(`DROP TABLE "operations_log"`);
  }
}
