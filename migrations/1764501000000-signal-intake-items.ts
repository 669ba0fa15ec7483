import type { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantIsolation, enableTenantIsolation } from './1764396000000-row-level-security.js';

/**
 * Intake items: waiting signals of two or more organisations about one not-yet-registered family (one address,
 * by its keyed hash). One open item per family and municipality (`uq_signal_intake_item_open`); a signal is part of
 * at most one item (primary key of `signal_intake_item_signal`). Also an index for the signals waiting at an address.
 */
export class SignalIntakeItems1764501000000 implements MigrationInterface {
  name = 'SignalIntakeItems1764501000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "signal_intake_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "family_key" character varying(64) NOT NULL, "status" character varying(16) NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(24), "closed_by_id" uuid, "household_id" uuid, CONSTRAINT "uq_signal_intake_item_tenant_id" UNIQUE ("tenant_id", "id"), CONSTRAINT "ck_signal_intake_item_dates" CHECK ("closed_at" IS NULL OR "closed_at" >= "opened_at"), CONSTRAINT "ck_signal_intake_item_closed_by" CHECK ((COALESCE("outcome", '') = 'registered') = ("household_id" IS NOT NULL) AND ("outcome" IS NOT NULL AND "outcome" <> 'registered') = ("closed_by_id" IS NOT NULL)), CONSTRAINT "ck_signal_intake_item_closed" CHECK (("status" = 'open') = ("closed_at" IS NULL) AND ("closed_at" IS NULL) = ("outcome" IS NULL)), CONSTRAINT "ck_signal_intake_item_outcome" CHECK ("outcome" IS NULL OR "outcome" IN ('registered', 'handled', 'no_action', 'not_same_family')), CONSTRAINT "ck_signal_intake_item_status" CHECK ("status" IN ('open', 'closed')), CONSTRAINT "PK_8988322747f18e66b3e2fbbba74" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_signal_intake_item_tenant_opened" ON "signal_intake_item"  ("tenant_id", "opened_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_signal_intake_item_open" ON "signal_intake_item"  ("tenant_id", "family_key") WHERE "status" = 'open'`);
    await queryRunner.query(`CREATE TABLE "signal_intake_item_signal" ("signal_id" uuid NOT NULL, "intake_item_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e110c6e0df7c4478b99ccdc35d0" PRIMARY KEY ("signal_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_signal_intake_item_signal_item" ON "signal_intake_item_signal"  ("intake_item_id", "joined_at") `);
    await queryRunner.query(`ALTER TABLE "signal_intake_item" ADD CONSTRAINT "fk_signal_intake_item_closed_by" FOREIGN KEY ("tenant_id", "closed_by_id") REFERENCES "professional"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_intake_item" ADD CONSTRAINT "fk_signal_intake_item_household" FOREIGN KEY ("tenant_id", "household_id") REFERENCES "household"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_intake_item_signal" ADD CONSTRAINT "fk_signal_intake_item_signal_organisation" FOREIGN KEY ("tenant_id", "organisation_id") REFERENCES "organisation"("tenant_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_intake_item_signal" ADD CONSTRAINT "fk_signal_intake_item_signal_signal" FOREIGN KEY ("tenant_id", "signal_id") REFERENCES "signal"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "signal_intake_item_signal" ADD CONSTRAINT "fk_signal_intake_item_signal_item" FOREIGN KEY ("tenant_id", "intake_item_id") REFERENCES "signal_intake_item"("tenant_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await enableTenantIsolation(queryRunner, 'signal_intake_item');
    await enableTenantIsolation(queryRunner, 'signal_intake_item_signal');
    // the signals waiting at an address, looked up whenever a household there becomes findable
    await queryRunner.query(`CREATE INDEX "ix_signal_waiting_address" ON "signal"  ("tenant_id", "address_hash") WHERE "household_id" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_signal_waiting_address"`);
    await disableTenantIsolation(queryRunner, 'signal_intake_item_signal');
    await disableTenantIsolation(queryRunner, 'signal_intake_item');
    await queryRunner.query(`DROP TABLE "signal_intake_item_signal"`);
    await queryRunner.query(`DROP TABLE "signal_intake_item"`);
  }
}
