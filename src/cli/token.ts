import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from '../database/data-source-options.js';
import { TokenService } from '../auth/token.service.js';
import { loadConfig } from '../config/app-config.js';
import { CliError, NO_SCHEMA_HINT, openDatabase, out, parseOptions, pgCode, runCli } from './cli-app.js';

/**
 * npm run --silent token -- --email <email> [--tenant <slug>]
 * npm run --silent token -- --operator [<subject>]
 * Prints a development bearer token (one line, nothing else) for an active professional, signed with the
 * same key, issuer and audience the app uses (DATA_DIR, PORT, AUTH_AUDIENCE). With --operator: a platform
 * operator's token (OPERATOR_AUDIENCE) for the queue dashboard, for a subject of PLATFORM_OPERATOR_SUBJECTS
 * (default: the first). Development only.
 */
const USAGE = 'Usage: npm run --silent token -- --email <email> [--tenant <slug>]\n       npm run --silent token -- --operator [<subject>]';

interface Match {
  auth_subject: string;
  active: boolean;
  slug: string;
  tenant_name: string;
}

runCli(async (onExit) => {
  const argv = process.argv.slice(2);
  // `--operator` takes an optional subject, which parseArgs cannot express: read it here
  const operatorAt = argv.indexOf('--operator');
  const operatorSubject = operatorAt >= 0 && argv[operatorAt + 1] !== undefined && !argv[operatorAt + 1]!.startsWith('--') ? argv[operatorAt + 1] : undefined;
  const rest = operatorAt >= 0 ? argv.filter((_, i) => i !== operatorAt && !(operatorSubject !== undefined && i === operatorAt + 1)) : argv;
  const args = parseOptions({ email: { type: 'string' }, tenant: { type: 'string' } }, USAGE, rest);

  const config = loadConfig();
  if (config.nodeEnv === 'production') throw new CliError('Refused: development tokens are never issued with NODE_ENV=production.');
  if (config.auth.mode !== 'dev') {
    throw new CliError(`Refused: an external identity provider is configured (AUTH_ISSUER=${config.auth.issuer}); get tokens from it, not from this tool.`);
  }
  if (operatorAt >= 0) {
    if (args.email || args.tenant) throw new CliError(`--operator cannot be combined with --email or --tenant: operators belong to no municipality.\n${USAGE}`);
    const subject = operatorSubject ?? config.operators.subjects[0];
    if (!subject) throw new CliError('No platform operators are configured: set PLATFORM_OPERATOR_SUBJECTS.');
    if (!config.operators.subjects.includes(subject)) throw new CliError(`"${subject}" is not in PLATFORM_OPERATOR_SUBJECTS (${config.operators.subjects.join(', ')}); its token would be refused.`);
    const tokens = new TokenService(config);
    await tokens.onModuleInit();
    out(await tokens.signDevOperatorToken(subject));
    return;
  }
  const email = args.email?.trim().toLowerCase();
  if (!email) throw new CliError(`--email is required.\n${USAGE}`);

  // Quiet: the embedded server is usually the running app's, and nothing but the token belongs on the terminal.
  const db = await openDatabase({ migrate: false, config, log: () => undefined });
  onExit(db.close);
  const client = new pg.Client({ connectionString: db.url, application_name: 'eenplan-token', connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
  await client.connect();
  let rows: Match[];
  try {
    rows = (
      await client.query<Match>(
        `SELECT p.auth_subject, p.active, t.slug, t.name AS tenant_name
           FROM professional p JOIN tenant t ON t.id = p.tenant_id
          WHERE p.email = $1 AND p.kind = 'person' ORDER BY t.slug`,
        [email],
      )
    ).rows;
  } catch (error) {
    if (pgCode(error) === '42P01') throw new CliError(NO_SCHEMA_HINT);
    throw error;
  } finally {
    await client.end();
  }

  const inTenant = args.tenant ? rows.filter((r) => r.slug === args.tenant) : rows;
  if (inTenant.length === 0) {
    throw new CliError(
      rows.length === 0
        ? `No professional with e-mail ${email} exists in this database (${redact(db.url)}).`
        : `No professional with e-mail ${email} in municipality "${args.tenant}"; it exists in: ${rows.map((r) => r.slug).join(', ')}.`,
    );
  }
  if (inTenant.length > 1) {
    throw new CliError(`${email} exists in several municipalities (${inTenant.map((r) => r.slug).join(', ')}): add --tenant <slug>.`);
  }
  const match = inTenant[0]!;
  if (!match.active) throw new CliError(`${email} (${match.tenant_name}) is deactivated; its tokens would be refused.`);

  const tokens = new TokenService(config);
  await tokens.onModuleInit();
  out(await tokens.signDevToken(match.auth_subject));
});

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
