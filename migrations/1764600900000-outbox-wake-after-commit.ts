import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox relays are woken after a change commits, by the application (`OutboxWakeUp`), no longer by a trigger
 * that notified inside the change's transaction: PostgreSQL serialises every committing transaction that has
 * notified on one cluster-wide lock, held until its commit record is flushed, so the trigger made every change wait
 * for every other change's commit (measured: docs/benchmarks.md, "… and the relays woken after the commit").
 * Nothing else listens on the channel; the relay's poll still finds whatever a lost wake-up leaves.
 */
export class OutboxWakeAfterCommit1764600900000 implements MigrationInterface {
  name = 'OutboxWakeAfterCommit1764600900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON "outbox_event"`);
    await queryRunner.query(`DROP FUNCTION notify_outbox()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_event', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER outbox_event_notify AFTER INSERT ON "outbox_event" FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()`);
  }
}
