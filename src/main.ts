import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { seedDemoIfEmpty } from './demo/demo-seed.js';

const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const { config: resolved, embedded, appliedMigrations } = await prepareDatabase(config, say);
  if (appliedMigrations.length > 0) say(`Applied migrations: ${appliedMigrations.join(', ')}`);

  let app: INestApplication | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing open requests and shutting down`);
    await app?.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  app = await createApp(resolved);
  if (resolved.processRole === 'worker') {
    await app.init();
    say(`Eenplan worker running (relay, queue workers, scheduler) on ${resolved.redisUrl ? 'Redis' : 'PostgreSQL'}`);
    return;
  }
  const demo = resolved.demoData ? await seedDemoIfEmpty(app) : undefined;
  await app.listen(resolved.port, resolved.host);
  const base = `http://${resolved.host === '0.0.0.0' ? 'localhost' : resolved.host}:${resolved.port}`;
  say('');
  say(`Eenplan API listening on ${base}/api/v1`);
  say(`Swagger UI: ${base}/docs   OpenAPI JSON: ${base}/docs-json`);
  if (resolved.operators.queueDashboard) say(`Queue dashboard (platform operators only): ${base}/admin/queues   operator token: npm run --silent token -- --operator`);
  if (demo) {
    say(demo.seeded ? `Demo data loaded: ${demo.households} households in "${demo.tenantName}".` : `Demo data present ("${demo.tenantName}").`);
    say('Demo bearer tokens (valid 12 h; new ones: npm run --silent token -- --email <email>):');
    for (const t of demo.tokens) say(`  ${t.role.padEnd(12)} ${t.email.padEnd(40)} ${t.token}`);
    say(`Try: curl -H "Authorization: Bearer <token>" ${base}/api/v1/households`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Eenplan failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
