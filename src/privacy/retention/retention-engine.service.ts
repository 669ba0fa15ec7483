import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditKeyring } from '../../audit/audit-keys.js';
import { AuditRetirementStore } from '../../audit/audit-retirement.store.js';
import { Clock } from '../../common/clock.js';
import { sqlState } from '../../common/sql-state.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { RunMode, RunTrigger } from './entities/retention-run.entity.js';
import { cutoff as cutoffOf, describePeriod, type Period } from './retention-period.js';
import { RetentionPurgeRepository } from './retention-purge.repository.js';
import { effectiveSchedule, RETENTION_CATEGORIES, RETENTION_SCHEDULE, type RetentionCategory, type StartMoment } from './retention-schedule.js';
import { RetentionRepository } from './retention.repository.js';

export interface RetentionRunOptions {
  mode: RunMode;
  trigger: RunTrigger;
  /** One municipality; default all. */
  tenantId?: string;
  /** Rows (or households, for case files) per transaction. */
  batchSize?: number;
  /** Told after each step: what is being done and how much of it is done (the CLI's progress bar). */
  progress?: (step: RetentionProgress) => void;
  /**
   * Aborted when the process shuts down: the run rejects before its next category (the one in hand finishes), and
   * the scheduled job is retried; a re-run resumes where this one stopped (every batch re-evaluates its rule).
   */
  stop?: AbortSignal;
}

export interface RetentionProgress {
  tenantId: string;
  category: RetentionCategory;
  /** `surveyed`: a category was looked at; `removed`: `count` more records went. */
  kind: 'surveyed' | 'removed';
  count: number;
}

/** What one category of one municipality had past its period, and what happened to it. */
export interface RetentionReport {
  tenantId: string;
  category: RetentionCategory;
  rule: string;
  cutoff: Date;
  eligible: number;
  held: number;
  kept: number;
  removed: number;
  oldestStart: Date | null;
  newestStart: Date | null;
  /** Why some stayed, in words (held cases, audit months that concern kept cases). */
  notes: string[];
}

const START_WORDS: Record<StartMoment, string> = {
  case_closure: 'after case closure',
  creation: 'after creation',
  end_of_month_recorded: 'after the end of the month recorded',
  event_time: 'after the event',
  request_completion: 'after the request was completed (executed, rejected or lifted)',
};

/**
 * The order categories run in: finished AVG requests whose period has passed go before the case files, so a case
 * they alone kept goes in the same run (and the dry run, which counts such a case as eligible, says what the apply
 * does); case files go before the audit months, which are kept while they concern a case that exists.
 */
export const RUN_ORDER: readonly RetentionCategory[] = ['privacy_requests', ...RETENTION_CATEGORIES.filter((c) => c !== 'privacy_requests')];

const DEFAULT_BATCH = 500;
/** Case files are many rows each: fewer per transaction keeps every lock short. */
const CASE_FILE_BATCH = 50;

/**
 * The retention engine: per municipality and category, finds what has outlived its period (the municipality's
 * schedule), reports it (dry run) or removes it (apply) in short transactions of one batch each — deleting, or for
 * the audit trail retiring whole months under a signed record — and records every category's run in
 * `retention_run`. A legal hold keeps everything of its case. Re-running is safe: each batch re-evaluates the rule,
 * so an interrupted run is resumed by the next and a finished one finds nothing left.
 */
@Injectable()
export class RetentionEngine {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly tx: TransactionHost,
    private readonly purge: RetentionPurgeRepository,
    private readonly runs: RetentionRepository,
    private readonly keys: AuditKeyring,
    private readonly clock: Clock,
  ) {}

  /** System work (every tenant, the worker role) in one short transaction of its own. */
  private system<T>(work: () => Promise<T>): Promise<T> {
    return this.tx.runAsSystem(() => this.tx.run(work));
  }

  async run(options: RetentionRunOptions): Promise<{ runId: string; reports: RetentionReport[] }> {
    const runId = randomUUID();
    const now = this.clock.now();
    const reports: RetentionReport[] = [];
    const failures: unknown[] = [];
    for (const tenantId of await this.system(() => this.purge.tenantIds(options.tenantId))) {
      const schedule = effectiveSchedule(await this.system(() => this.runs.overrides(tenantId)));
      const requestCutoff = cutoffOf(now, schedule.privacy_requests);
      for (const category of RUN_ORDER) {
        options.stop?.throwIfAborted();
        try {
          reports.push(await this.runCategory(runId, tenantId, category, schedule[category], now, requestCutoff, options));
        } catch (error) {
          // ids and SQLSTATEs only: a database message may quote values
          this.logger.error({ tenantId, category, code: sqlState(error) }, 'retention failed for a category');
          failures.push(error);
        }
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `Retention failed for ${failures.length} category run(s)`);
    return { runId, reports };
  }

  private async runCategory(
    runId: string,
    tenantId: string,
    category: RetentionCategory,
    period: Period,
    now: Date,
    requestCutoff: Date,
    options: RetentionRunOptions,
  ): Promise<RetentionReport> {
    const definition = RETENTION_SCHEDULE[category];
    const cutoff = cutoffOf(now, period);
    const rule = `${describePeriod(period)} ${START_WORDS[definition.startsAt]}${definition.follows ? `, deleted with ${definition.follows}` : ''} (cut-off ${cutoff.toISOString()})`;
    const started = process.hrtime.bigint();
    const record = await this.system(() =>
      this.runs.startRun({ runId, tenantId, category, mode: options.mode, trigger: options.trigger, rule: rule.slice(0, 300), cutoff, startedAt: this.clock.now() }),
    );
    const report: RetentionReport = { tenantId, category, rule, cutoff, eligible: 0, held: 0, kept: 0, removed: 0, oldestStart: null, newestStart: null, notes: [] };
    let status: 'completed' | 'failed' = 'failed';
    try {
      if (category === 'audit_events') await this.auditEvents(report, tenantId, cutoff, now, options);
      else await this.records(report, tenantId, category, cutoff, requestCutoff, options);
      status = 'completed';
      return report;
    } finally {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      await this.system(() =>
        this.runs.finishRun(record.id, {
          status, eligible: report.eligible, held: report.held, kept: report.kept, removed: report.removed,
          oldestStart: report.oldestStart, newestStart: report.newestStart, finishedAt: this.clock.now(), durationMs,
        }),
      );
    }
  }

  private async records(
    report: RetentionReport,
    tenantId: string,
    category: Exclude<RetentionCategory, 'audit_events'>,
    cutoff: Date,
    requestCutoff: Date,
    options: RetentionRunOptions,
  ): Promise<void> {
    const survey = await this.system(() => this.purge.survey(category, tenantId, cutoff, requestCutoff));
    Object.assign(report, { eligible: survey.eligible, held: survey.held, oldestStart: survey.oldest, newestStart: survey.newest });
    if (survey.held > survey.heldByRequest) report.notes.push(`${survey.held - survey.heldByRequest} held (legal hold)`);
    if (survey.heldByRequest > 0) report.notes.push(`${survey.heldByRequest} held (AVG request open or within its retention period)`);
    options.progress?.({ tenantId, category, kind: 'surveyed', count: survey.eligible - survey.held });
    if (options.mode !== 'apply' || !this.purge.deletes(category)) return;
    const batch = category === 'case_file' ? Math.min(options.batchSize ?? CASE_FILE_BATCH, CASE_FILE_BATCH) : (options.batchSize ?? DEFAULT_BATCH);
    for (;;) {
      const removed = await this.system(() => this.purge.purgeBatch(category, tenantId, cutoff, batch));
      report.removed += removed;
      if (removed > 0) options.progress?.({ tenantId, category, kind: 'removed', count: removed });
      if (removed < batch) break;
    }
  }

  /**
   * Audit months: retired only when the month ended on or before the cut-off, all its events are sealed, and none
   * concerns a case or signal still kept (held cases included) — audit events live at least as long as what they
   * concern. Retiring signs the record first; then the month's partitions are dropped if every municipality has
   * retired it, else its rows are deleted in batches.
   */
  private async auditEvents(report: RetentionReport, tenantId: string, cutoff: Date, now: Date, options: RetentionRunOptions): Promise<void> {
    const before = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth(), 1));
    const store = () => new AuditRetirementStore(this.tx.manager, this.keys);
    const months = await this.system(() => store().candidates(tenantId, before));
    let keptForCases = 0;
    let unsealed = 0;
    const retirable: string[] = [];
    /** Retired by an earlier run that was interrupted before all its rows were gone. */
    const resumed: string[] = [];
    for (const month of months) {
      if (month.events === 0) continue;
      report.eligible += month.events;
      const start = new Date(`${month.segment}T00:00:00Z`);
      report.oldestStart ??= start;
      report.newestStart = start;
      if (month.retired) resumed.push(month.segment);
      else if (month.heldHouseholds > 0) report.held += month.events;
      else if (month.keptHouseholds > 0 || month.keptSignals > 0) {
        report.kept += month.events;
        keptForCases++;
      } else if (month.unsealed > 0) {
        report.kept += month.events;
        unsealed++;
      } else retirable.push(month.segment);
    }
    if (report.held > 0) report.notes.push(`${report.held} events in months that concern held cases`);
    if (keptForCases > 0) report.notes.push(`${keptForCases} month(s) kept: they concern cases or signals still kept`);
    if (unsealed > 0) report.notes.push(`${unsealed} month(s) kept: events not yet sealed`);
    options.progress?.({ tenantId, category: 'audit_events', kind: 'surveyed', count: report.eligible - report.held - report.kept });
    if (options.mode !== 'apply') return;
    const batch = options.batchSize ?? 5_000;
    for (const segment of [...resumed, ...retirable]) {
      const events = months.find((m) => m.segment === segment)?.events ?? 0;
      if (!resumed.includes(segment) && !(await this.system(() => store().retire(tenantId, segment, now)))) {
        report.notes.push(`${segment}: not retired, its chain head does not verify or misses seals (run audit:verify)`);
        report.kept += events;
        continue;
      }
      if (await this.system(() => store().dropMonthIfAllRetired(segment))) {
        report.removed += events;
        options.progress?.({ tenantId, category: 'audit_events', kind: 'removed', count: events });
        continue;
      }
      for (;;) {
        const removed = await this.system(() => store().purgeBatch(tenantId, segment, batch));
        if (removed === 0) break;
        if (removed > 0) {
          report.removed += removed;
          options.progress?.({ tenantId, category: 'audit_events', kind: 'removed', count: removed });
        }
      }
    }
  }
}
