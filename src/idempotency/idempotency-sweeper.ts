import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const BATCH = 1000;
/** Upper bound per run, so one run never holds the maintenance worker for long; the next run takes the rest. */
const MAX_BATCHES = 100;

/**
 * Deletes Idempotency-Key records past their 24 hours, across all municipalities: stored answers hold personal
 * data and must not outlive their use. Runs from the maintenance schedule (once per interval across replicas); the
 * request path never serves an expired record in between.
 */
@Injectable()
export class IdempotencySweeper {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Returns how many records were removed. */
  sweep(now: Date = this.clock.now()): Promise<number> {
    return this.tx.runAsSystem(async () => {
      let removed = 0;
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await this.records.sweepExpired(now, BATCH);
        removed += n;
        if (n < BATCH) break;
      }
      return removed;
    });
  }
}
