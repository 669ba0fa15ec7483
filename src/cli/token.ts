import pg from 'pg';
import { TokenService } from '../auth/token.service.js';
import { loadConfig } from '../config/app-config.js';
import { CliError, NO_SCHEMA_HINT, openDatabase, out, parseOptions, pgCode, runCli } from './cli-app.js';

/**
 * npm run --silent token -- --email <email> [--tenant <slug>]
 * Prints a development bearer token (one line, nothing else) for an active professional, signed with the
 * same key, issuer and audience the app uses (DATA_DIR, PORT, AUTH_AUDIENCE). Development only.
 */
const USAGE = 'Usage: npm run --silent token -- --email <email> [--tenant <slug>]';

interface Match {
  auth_subject: string;
  active: boolean;
  slug: string;
  tenant_name: string;
}

runCli(async (onExit) => {
  const args = parseOptions({ email: { type: 'string' }, tenant: { type: 'string' } }, USAGE);
  const email = args.email?.trim().toLowerCase();
  if (!email) throw new CliError(`--email is required.\n${USAGE}`);

  const config = loadConfig();
  if (config.nodeEnv === 'production') throw new CliError('Refused: development tokens are never issued with NODE_ENV=production.');
  if (config.auth.mode !== 'dev') {
    throw new CliError(`Refused: an external identity provider is configured (AUTH_ISSUER=${config.auth.issuer}); get tokens from it, not from this tool.`);
  }

  // Quiet: the embedded server is usually the running app's, and nothing but the token belongs on the terminal.
  const db = await openDatabase({ migrate: false, config, log: () => undefined });
  onExit(db.close);
  const client = new pg.Client({ connectionString: db.url, application_name: 'eenplan-token' });
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
