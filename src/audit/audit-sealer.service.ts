import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { CheckpointClaim } from './audit-chain.js';
import { AuditKeyring } from './audit-keys.js';
import { sealRound } from './audit-sealing.js';
import { AuditRepository, type NewCheckpoint } from './audit.repository.js';

const PARTITION_CHECK_MS = 60 * 60_000;
const MONTHS_AHEAD = 2;

export interface SealResult {
  sealed: number;
  checkpoints: number;
}

/**
 * Seals the audit trail off the request path. Every AUDIT_SEAL_EVERY_MS, on the worker processes, one of them
 * (a transaction-level advisory lock; the others skip the round) takes the events not yet sealed and, per
 * tenant and month, extends that chain — HMAC-SHA-256 with AUDIT_SEAL_KEY over the previous value and the event —
 * storing each link in `audit_seal` and one ES256-signed checkpoint per batch in `audit_checkpoint`, in one
 * transaction. Checkpoints are also appended to AUDIT_CHECKPOINT_DIR when set. It creates the month partitions
 * ahead as well. See docs/SECURITY.md, "Audit trail".
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** The last scheduled round failed: the next failure is not logged again, the next success is. */
  private failing = false;
  private partitionsCheckedAt = 0;
  private running?: Promise<SealResult>;
  private readonly reported = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audits: AuditRepository,
    private readonly tx: TransactionHost,
    private readonly keys: AuditKeyring,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processRole === 'api') return;
    this.schedule();
  }

  /** Before the pools close: no new round, and the running one finishes (it is one short transaction). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Seals everything waiting (in batches); one run at a time per process. Tests call it directly. */
  sealNow(): Promise<SealResult> {
    this.running ??= this.sealAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sealNow()
        .then(() => {
          if (this.failing) this.logger.log('audit sealing works again');
          this.failing = false;
        })
        .catch((error: unknown) => {
          // once per outage, not every round: the database being down is logged where it is noticed first
          if (!this.failing) this.logger.error({ error: error instanceof Error ? error.name : typeof error, code: (error as { code?: unknown }).code }, 'audit sealing failed; retrying every round until it works');
          this.failing = true;
        })
        .finally(() => this.schedule());
    }, this.config.audit.sealEveryMs);
    this.timer.unref();
  }

  private async sealAll(): Promise<SealResult> {
    const total: SealResult = { sealed: 0, checkpoints: 0 };
    for (;;) {
      const round = await this.sealBatch();
      total.sealed += round.result.sealed;
      total.checkpoints += round.result.checkpoints;
      if (!round.more) return total;
    }
  }

  private async sealBatch(): Promise<{ result: SealResult; more: boolean }> {
    await this.keys.load();
    const round = await this.tx.runAsSystem(() =>
      this.tx.run(async () => {
        const store = this.audits.sealStore();
        if (Date.now() - this.partitionsCheckedAt > PARTITION_CHECK_MS && (await store.trySealerLock())) {
          await store.ensurePartitions(MONTHS_AHEAD);
          this.partitionsCheckedAt = Date.now();
        }
        const { sealBatch, lookbackMs } = this.config.audit;
        return sealRound(store, this.keys, { batch: sealBatch, lookbackMs, now: new Date() });
      }),
    );
    for (const chain of round.refused) {
      // once per chain and process: the sealer retries every round, the alarm need not repeat every round
      const key = `${chain.tenantId}|${chain.segment}|${chain.number}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.logger.error(chain, 'audit chain head fails its signature; this chain is not extended until it is investigated');
    }
    await this.publish(round.checkpoints);
    return { result: { sealed: round.sealed, checkpoints: round.checkpoints.length }, more: round.more };
  }

  /** Appends the committed checkpoints as JSON lines to `<dir>/<tenantId>.jsonl`, for write-once storage. */
  private async publish(checkpoints: NewCheckpoint[]): Promise<void> {
    const dir = this.config.audit.checkpointDir;
    if (!dir || checkpoints.length === 0) return;
    const lines = new Map<string, string[]>();
    for (const c of checkpoints) {
      lines.set(c.tenantId, [...(lines.get(c.tenantId) ?? []), JSON.stringify(checkpointLine(c))]);
    }
    try {
      await fs.mkdir(dir, { recursive: true });
      for (const [tenantId, tenantLines] of lines) await fs.appendFile(path.join(dir, `${tenantId}.jsonl`), `${tenantLines.join('\n')}\n`, { mode: 0o640 });
    } catch (error) {
      // the checkpoints are in the database and published by the API; the file copy is retried by no one, so say so loudly
      this.logger.error({ error: error instanceof Error ? error.name : typeof error, count: checkpoints.length }, 'could not append audit checkpoints to AUDIT_CHECKPOINT_DIR');
    }
  }
}

/** A checkpoint as published (API and files): the claim and its JWS. */
export function checkpointLine(c: NewCheckpoint): CheckpointClaim & { jws: string } {
  return {
    tenantId: c.tenantId, segment: c.segment, number: c.number, lastSeq: c.lastSeq, chain: c.chain, count: c.count, total: c.total, sealedAt: c.sealedAt.toISOString(), form: c.form, jws: c.jws,
  };
}
