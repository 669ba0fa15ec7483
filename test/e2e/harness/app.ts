import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { WORKER_DATA_SOURCE } from '../../../src/database/transaction-host.js';
import { AuditLedger } from './audit-ledger.js';
import { PersonalDataWatch } from './personal-data-watch.js';

/**
 * Test receivers listen on 127.0.0.1, which the webhook egress guard refuses by default (as `npm start` does). A file
 * that delivers to a local receiver turns the development setting on explicitly with this; the guard's own tests
 * start apps without it.
 */
export const LOCAL_WEBHOOK_RECEIVERS = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } as const;

export interface TestApp {
  app: INestApplication;
  http: Server;
  close(): Promise<void>;
}

/**
 * The real application (same factory as main.ts) on the test database prepared by global setup. It is not
 * listening: supertest binds `http` to an ephemeral port per request.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, logDestination?: DestinationStream): Promise<TestApp> {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = process.env.TEST_DATA_DIR;
  if (!databaseUrl || !dataDir) throw new Error('DATABASE_URL and TEST_DATA_DIR are set by test/setup/global-setup.ts: run the tests through Jest');
  // API only unless a test asks for the relay and workers (PROCESS_ROLE=all): other files' apps then never
  // consume jobs they did not expect.
  // logs at debug (kept in memory, warn+ still printed): every test file also checks that nothing personal is logged
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DEMO_DATA: 'false',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PROCESS_ROLE: 'api',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_FAILURES_PER_MINUTE: '1000000',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'debug',
    ...env,
  });
  const watch = new PersonalDataWatch();
  const app = await createApp(config, watch.destination(logDestination));
  const ledger = new AuditLedger();
  ledger.attach(app);
  watch.attach(app);
  await app.init();
  return {
    app,
    http: app.getHttpServer() as Server,
    close: async () => {
      // every test file is also a check on the audit trail (see AuditLedger) and on the logs (PersonalDataWatch)
      const deviations = await ledger.deviations(app, systemDb(app)).finally(() => app.close());
      const leaks = watch.leaks();
      const problems = [
        ...(deviations.length > 0 ? [`The audit trail does not match the requests made:\n  ${deviations.join('\n  ')}`] : []),
        ...(leaks.length > 0 ? [`Personal data the tests sent reached the logs:\n  ${leaks.join('\n  ')}`] : []),
      ];
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  };
}

/**
 * The database as system work sees it (the worker role: every tenant, row-level security still on), for tests
 * that inspect or arrange rows directly. The application's own pool sees nothing outside a tenant transaction.
 */
export const systemDb = (app: INestApplication): DataSource => app.get<DataSource>(WORKER_DATA_SOURCE);
