import 'reflect-metadata';
import os from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { APP_ENTITIES } from '../app.entities.js';
import { CommonModule } from '../common/common.module.js';
import { DomainError } from '../common/domain-error.js';
import { ConfigError, type AppConfig } from '../config/app-config.js';
import { AppConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { OperationsLogModule } from '../operations/operations-log.module.js';
import { TenantProvisioningService, type ProvisionedTenant, type TenantSummary } from '../provisioning/tenant-provisioning.service.js';
import { ProvisioningModule } from '../provisioning/provisioning.module.js';
import { CliError, info, NO_SCHEMA_HINT, openDatabase, out, parseOptions, pgCode, runCli } from './cli-app.js';

/**
 * npm run tenant -- create --name "<name>" --admin-email <email> [--slug <slug>] [--admin-name <name>]
 *                          [--admin-subject <sub>] [--organisation "<name>"]
 * npm run tenant -- list [--json]
 *
 * Sets up municipalities without SQL: a platform operator's tool. `create` makes the municipality with its
 * default life domains, its own team (the intake team) and its first admin, through TenantProvisioningService,
 * and prints their ids. `list` shows every municipality with counts — never anyone's name or e-mail address.
 * Every error is one line on stderr and exit code 1.
 */
const USAGE = [
  'Usage: npm run tenant -- create --name "<name>" --admin-email <email> [--slug <slug>] [--admin-name "<name>"] [--admin-subject <sub>] [--organisation "<name>"]',
  '       npm run tenant -- list [--json]',
].join('\n');

@Module({})
class TenantCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TenantCliModule,
      imports: [AppConfigModule.forRoot(config), ClsModule.forRoot({ global: true }), CommonModule, DatabaseModule.forRoot(APP_ENTITIES), OperationsLogModule, ProvisioningModule],
    };
  }
}

runCli(async (onExit) => {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'create' && command !== 'list') throw new CliError(command === undefined ? USAGE : `Unknown command "${command}".\n${USAGE}`);
  const args =
    command === 'create'
      ? parseOptions(
          {
            name: { type: 'string' },
            'admin-email': { type: 'string' },
            slug: { type: 'string' },
            'admin-name': { type: 'string' },
            'admin-subject': { type: 'string' },
            organisation: { type: 'string' },
          },
          USAGE,
          rest,
        )
      : parseOptions({ json: { type: 'boolean' } }, USAGE, rest);
  const options = args as Record<string, string | undefined>;
  // what is missing is said before anything connects to (or starts) a database
  if (command === 'create' && !options.name) throw new CliError(`--name is required.\n${USAGE}`);
  if (command === 'create' && !options['admin-email']) throw new CliError(`--admin-email is required.\n${USAGE}`);

  try {
    const db = await openDatabase({ migrate: true });
    onExit(db.close);
    if (db.appliedMigrations.length > 0) info(`Applied migrations: ${db.appliedMigrations.join(', ')}`);
    const context = await NestFactory.createApplicationContext(TenantCliModule.forRoot(db.config), { logger: false, abortOnError: false });
    onExit(() => context.close());
    const provisioning = context.get(TenantProvisioningService);

    if (command === 'list') {
      printList(await provisioning.list(), (args as { json?: boolean }).json === true);
      return 0;
    }
    const created = await provisioning.provision(
      {
        name: options.name!,
        adminEmail: options['admin-email']!,
        slug: options.slug,
        adminName: options['admin-name'],
        adminSubject: options['admin-subject'],
        organisationName: options.organisation,
      },
      // the person at the shell is the operator; their login name is what the operations log can know of them
      { kind: 'operator', subject: `cli:${safeUserName()}` },
    );
    printCreated(created);
    return 0;
  } catch (error) {
    throw oneLine(error);
  }
});

function printCreated(t: ProvisionedTenant): void {
  out(`Created municipality "${t.name}" (slug ${t.slug}) with ${t.lifeDomains} life domains.`);
  out(`  tenant id        ${t.tenantId}`);
  out(`  organisation id  ${t.organisationId} (${t.organisationName}, intake team)`);
  out(`  admin id         ${t.adminProfessionalId} (sign-in subject ${t.adminAuthSubject})`);
  info(`Next: the admin signs in with a token whose sub is ${t.adminAuthSubject} (development: npm run --silent token -- --email <email> --tenant ${t.slug}).`);
}

function printList(tenants: TenantSummary[], json: boolean): void {
  if (json) {
    out(JSON.stringify(tenants));
    return;
  }
  if (tenants.length === 0) {
    out('No municipalities yet: npm run tenant -- create --name "<name>" --admin-email <email>');
    return;
  }
  const rows = [
    ['id', 'name', 'slug', 'created', 'organisations', 'professionals', 'households'],
    ...tenants.map((t) => [t.id, t.name, t.slug, t.createdAt.slice(0, 10), String(t.organisations), String(t.professionals), String(t.households)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) out(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

/** Everything that can go wrong as one line the operator can act on: never a stack trace. */
function oneLine(error: unknown): Error {
  if (error instanceof CliError || error instanceof ConfigError) return error;
  if (error instanceof DomainError) return new CliError(error.detail.en);
  if (pgCode(error) === '42P01') return new CliError(NO_SCHEMA_HINT);
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`Failed: ${message.split('\n')[0]}`);
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
