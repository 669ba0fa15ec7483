import type { TransactionHost } from '../../src/database/transaction-host.js';
import { OutboxWakeUp } from '../../src/events/outbox-wake-up.js';

/**
 * The relays are woken after a commit that wrote outbox rows, by the application (the NOTIFY no longer rides in the
 * change's own commit: docs/benchmarks.md). A fake transaction host stands in for PostgreSQL: each NOTIFY stays
 * unanswered until the test answers it.
 */
class FakeHost {
  inTransaction = false;
  readonly afterCommitHooks: Array<() => Promise<void>> = [];
  readonly notifies: Array<{ text: string; answer: (ok: boolean) => void }> = [];

  afterCommit(hook: () => Promise<void>): void {
    if (!this.inTransaction) throw new Error('afterCommit outside a transaction');
    this.afterCommitHooks.push(hook);
  }

  runAsSystem<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  get manager() {
    return {
      query: (text: string) =>
        new Promise((resolve, reject) => {
          this.notifies.push({ text, answer: (ok) => (ok ? resolve([]) : reject(new Error('connection refused'))) });
        }),
    };
  }

  /** Answers the oldest NOTIFY still waiting and lets the wake-up see it. */
  async answer(ok = true): Promise<void> {
    this.notifies.shift()!.answer(ok);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let host: FakeHost;
let wakeUp: OutboxWakeUp;

beforeEach(() => {
  host = new FakeHost();
  wakeUp = new OutboxWakeUp(host as unknown as TransactionHost);
});

it('inside a transaction sends nothing until it has committed, then one NOTIFY on the relays’ channel', async () => {
  host.inTransaction = true;
  wakeUp.afterCommit();
  expect(host.notifies).toHaveLength(0);
  host.inTransaction = false;
  for (const hook of host.afterCommitHooks) await hook();
  expect(host.notifies.map((n) => n.text)).toEqual(["SELECT pg_notify('outbox_event', '')"]);
});

it('outside a transaction (the statement committed on its own) sends it at once', () => {
  wakeUp.afterCommit();
  expect(host.notifies).toHaveLength(1);
});

it('coalesces: while one NOTIFY is on its way, any number of nudges send exactly one more once it is answered', async () => {
  wakeUp.nudge();
  for (let i = 0; i < 50; i++) wakeUp.nudge();
  expect(host.notifies).toHaveLength(1);
  await host.answer();
  expect(host.notifies).toHaveLength(1); // the one for the fifty
  await host.answer();
  expect(host.notifies).toHaveLength(0); // nothing asked since
  wakeUp.nudge();
  expect(host.notifies).toHaveLength(1);
});

it('never fails its caller and keeps waking after a NOTIFY that failed', async () => {
  wakeUp.nudge();
  wakeUp.nudge();
  await host.answer(false);
  expect(host.notifies).toHaveLength(1);
  await host.answer(false);
  wakeUp.nudge();
  expect(host.notifies).toHaveLength(1);
});
