import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { ClsModule } from 'nestjs-cls';
import { APP_ENTITIES } from '../app.entities.js';
import { AuditKeyring } from '../audit/audit-keys.js';
import { CommonModule } from '../common/common.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AppConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { RetentionEngine, type RetentionReport } from '../privacy/retention/retention-engine.service.js';
import { RetentionModule } from '../privacy/retention/retention.module.js';
import { CliError, info, openDatabase, out, parseOptions, runCli } from './cli-app.js';

const USAGE = 'Usage: npm run retention -- --dry-run | --apply [--tenant <uuid>] [--batch <n>] [--json]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit keys without the rest of the audit trail (its request interceptors mean nothing here). */
@Global()
@Module({ providers: [AuditKeyring], exports: [AuditKeyring] })
class CliAuditKeysModule {}

@Module({})
class RetentionCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RetentionCliModule,
      imports: [AppConfigModule.forRoot(config), ClsModule.forRoot({ global: true }), CommonModule, DatabaseModule.forRoot(APP_ENTITIES), CliAuditKeysModule, RetentionModule],
    };
  }
}

/**
 * npm run retention -- --dry-run | --apply [--tenant <uuid>] — applies the retention schedule as the daily job does.
 * `--dry-run` lists per municipality and category what would go and why (counts, oldest and newest start moment,
 * the rule, what a legal hold keeps) and removes nothing; `--apply` removes it in batches of short transactions.
 * Both are recorded in `retention_run` (GET /privacy/retention/runs). Progress on stderr, the report on stdout.
 * Safe to interrupt and run again: every batch re-evaluates the rule.
 */
runCli(async (onExit) => {
  const args = parseOptions({ 'dry-run': { type: 'boolean' }, apply: { type: 'boolean' }, tenant: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if (Boolean(args['dry-run']) === Boolean(args.apply)) throw new CliError(`Say either --dry-run or --apply.\n${USAGE}`);
  if (args.tenant !== undefined && !UUID.test(args.tenant)) throw new CliError(`--tenant must be a tenant id (uuid).\n${USAGE}`);
  const batch = args.batch === undefined ? undefined : Number(args.batch);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 100_000)) throw new CliError(`--batch must be a whole number from 1 to 100000.\n${USAGE}`);
  const mode = args.apply ? 'apply' : 'dry_run';

  const db = await openDatabase({ migrate: true });
  onExit(db.close);
  if (db.appliedMigrations.length > 0) info(`Applied migrations: ${db.appliedMigrations.join(', ')}`);
  const context = await NestFactory.createApplicationContext(RetentionCliModule.forRoot(db.config), { logger: false, abortOnError: false });
  onExit(() => context.close());

  info(`Retention (${mode === 'apply' ? 'apply' : 'dry run'}) for ${args.tenant ? `municipality ${args.tenant}` : 'every municipality'}${mode === 'apply' ? ', in batches' : ', nothing removed'} …`);
  const bar = new cliProgress.SingleBar(
    {
      format: `Retention (${mode === 'apply' ? 'apply' : 'dry run'}) |{bar}| {percentage}% | {value}/{total} {unit} | {rate}/s | {category} | ETA {eta_formatted}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  let total = 0;
  let done = 0;
  bar.start(0, 0, { unit: mode === 'apply' ? 'records' : 'records found', rate: 0, category: '' });
  const { runId, reports } = await context.get(RetentionEngine).run({
    mode,
    trigger: 'cli',
    tenantId: args.tenant,
    batchSize: batch,
    progress: (step) => {
      // a dry run counts what it finds; an apply counts what it removed of what it found
      if (step.kind === 'surveyed') {
        total += step.count;
        if (mode !== 'apply') done += step.count;
      } else done += step.count;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      bar.setTotal(Math.max(total, done));
      bar.update(done, { rate: Math.round(done / Math.max(seconds, 0.001)), category: step.category });
    },
  });
  bar.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (args.json) out(JSON.stringify({ runId, mode, reports }));
  else printReports(runId, mode, reports);
  info(`${mode === 'apply' ? 'Removed' : 'Would remove'} ${reports.reduce((n, r) => n + (mode === 'apply' ? r.removed : r.eligible - r.held - r.kept), 0)} records in ${seconds.toFixed(1)} s (run ${runId}).`);
  return 0;
});

function printReports(runId: string, mode: string, reports: RetentionReport[]): void {
  out(`Retention ${mode === 'apply' ? 'apply' : 'dry run'} ${runId}`);
  let tenant = '';
  for (const r of reports) {
    if (r.tenantId !== tenant) {
      tenant = r.tenantId;
      out(`municipality ${tenant}`);
    }
    const range = r.oldestStart ? ` started ${r.oldestStart.toISOString().slice(0, 10)} … ${r.newestStart!.toISOString().slice(0, 10)}` : '';
    const go = mode === 'apply' ? `${r.removed} removed` : `${r.eligible - r.held - r.kept} would go`;
    out(`  ${r.category.padEnd(20)} ${String(r.eligible).padStart(9)} expired, ${go}, ${r.held} held, ${r.kept} kept${range}`);
    out(`  ${''.padEnd(20)} rule: ${r.rule}${r.notes.length > 0 ? ` — ${r.notes.join('; ')}` : ''}`);
  }
}
