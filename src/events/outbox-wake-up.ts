import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';

/** The channel the outbox relays LISTEN on. */
export const OUTBOX_CHANNEL = 'outbox_event';

/**
 * Wakes the outbox relays — every replica's, through PostgreSQL — once a transaction that wrote outbox rows has
 * committed. The NOTIFY is not sent inside that transaction: PostgreSQL serialises every committing transaction that
 * notified on one cluster-wide lock held until its commit is flushed, so notifying in the change's own commit made
 * every change wait for every other one's commit (docs/benchmarks.md, "… and the relays woken after the commit"; the
 * decision in docs/DECISIONS.md).
 *
 * Coalesced: at most one NOTIFY of this process is on its way; the nudges meanwhile send one more once it is
 * answered, so a busy process notifies about once per round trip, not once per change. Best effort, as NOTIFY always
 * was (a relay whose LISTEN is down hears nothing either): a nudge that is lost (the process stops, the database is
 * unreachable) costs the events at most `RELAY_POLL_MS`, the relay's poll.
 */
@Injectable()
export class OutboxWakeUp {
  private sending = false;
  private again = false;

  constructor(private readonly tx: TransactionHost) {}

  /**
   * Outbox rows were written: inside a transaction, nudge the relays once it has committed (never if it rolls back);
   * outside one, the statement has committed on its own: now.
   */
  afterCommit(): void {
    if (!this.tx.inTransaction) return this.nudge();
    this.tx.afterCommit(() => {
      this.nudge();
      return Promise.resolve();
    });
  }

  /** Sends the NOTIFY now, or once the one on its way is answered; never waits for it and never fails. */
  nudge(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    this.tx
      .runAsSystem(() => this.tx.manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`))
      .catch(() => undefined)
      .finally(() => {
        this.sending = false;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }
}
