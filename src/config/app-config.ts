import path from 'node:path';

/** Which process roles this process runs; `all` is the default single-process mode. */
export type ProcessRole = 'all' | 'api' | 'worker';

export interface AuthConfig {
  /** `dev`: a local signing key under DATA_DIR (never in production); `oidc`: an external issuer. */
  mode: 'dev' | 'oidc';
  issuer: string;
  audience: string;
  jwksUrl?: string;
  devTokenTtlSeconds: number;
}

/** Partner API clients (OAuth2 client credentials): tokens Eenplan signs itself. */
export interface ApiClientsConfig {
  /** `iss` of client tokens; distinct from the professionals' issuer so the two can never be confused. */
  issuer: string;
  /** Lifetime of a client access token; short, because a token stays valid until it expires or the client is revoked. */
  tokenTtlSeconds: number;
  /** CLIENT_TOKEN_PRIVATE_JWK: an EC P-256 private JWK (JSON). Unset: a key generated under DATA_DIR, refused in production. */
  privateJwk?: Record<string, unknown>;
}

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Unset → the embedded PostgreSQL under DATA_DIR. */
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  demoData: boolean;
  logLevel: string;
  auth: AuthConfig;
  apiClients: ApiClientsConfig;
  /** Key id → 32-byte key; the first entry encrypts, all decrypt. Unset in development: generated under DATA_DIR. */
  bsnEncryptionKeys?: Array<{ id: string; key: Buffer }>;
  bsnHashKey?: Buffer;
  bodyLimit: string;
  /** `all` runs API, relay, workers and scheduler; `api` only HTTP; `worker` only relay, workers and scheduler. */
  processRole: ProcessRole;
  publicBaseUrl: string;
  queue: { prefix: string; stalledIntervalMs: number; lockDurationMs: number; concurrency: number };
  relay: { pollMs: number; sweepAfterMs: number };
  webhooks: { maxAttempts: number; retryBaseMs: number; timeoutMs: number };
  email: { smtpUrl?: string; from: string };
  /** How often the scheduler evaluates the stall rules of every tenant. */
  stallEvaluationEveryMs: number;
  /** How often the scheduler looks for actions that passed their due date (each is told once per due date). */
  actionOverdueEveryMs: number;
  /** Requests per minute per professional (per address before sign-in). */
  rateLimitPerMinute: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the environment once, at boot. Every problem is reported together with what to
 * set, so an operator fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, test or production (got "${env.NODE_ENV}")`);
  }

  const port = parseInteger(env.PORT ?? '3000');
  if (port === undefined || port < 0 || port > 65535) problems.push('PORT must be an integer between 0 and 65535');

  const databaseUrl = emptyToUndefined(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const redisUrl = emptyToUndefined(env.REDIS_URL);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  const demoData = parseBoolean(env.DEMO_DATA, databaseUrl === undefined);
  if (demoData === undefined) problems.push('DEMO_DATA must be true or false');

  const logLevel = env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const auth = readAuth(env, nodeEnv, problems);
  const { keys, hashKey } = readBsnKeys(env, nodeEnv, problems);
  const apiClients = readApiClients(env, problems);

  const processRole = (env.PROCESS_ROLE ?? 'all') as ProcessRole;
  if (!['all', 'api', 'worker'].includes(processRole)) problems.push('PROCESS_ROLE must be all, api or worker');
  const int = (name: string, fallback: number, min = 1) => {
    const value = parseInteger(env[name] ?? String(fallback));
    if (value === undefined || value < min) problems.push(`${name} must be an integer ≥ ${min}`);
    return value ?? fallback;
  };
  const queue = {
    prefix: env.QUEUE_PREFIX ?? 'eenplan',
    stalledIntervalMs: int('QUEUE_STALLED_INTERVAL_MS', 30_000),
    lockDurationMs: int('QUEUE_LOCK_DURATION_MS', 30_000),
    concurrency: int('QUEUE_CONCURRENCY', 20),
  };
  if (!/^[a-z0-9_-]{1,40}$/i.test(queue.prefix)) problems.push('QUEUE_PREFIX must be 1–40 letters, digits, - or _');
  const relay = { pollMs: int('RELAY_POLL_MS', 1_000), sweepAfterMs: int('RELAY_SWEEP_AFTER_MS', 60_000) };
  const webhooks = { maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 12), retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 10_000), timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000) };
  const smtpUrl = emptyToUndefined(env.SMTP_URL);
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const email = { smtpUrl, from: env.EMAIL_FROM ?? 'Eenplan <noreply@eenplan.invalid>' };
  const stallEvaluationEveryMs = int('STALL_EVALUATION_EVERY_MS', 15 * 60_000, 1_000);
  const actionOverdueEveryMs = int('ACTION_OVERDUE_EVERY_MS', 24 * 60 * 60_000, 1_000);
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', 600);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: port!,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    redisUrl,
    demoData: demoData!,
    logLevel,
    auth,
    apiClients,
    bsnEncryptionKeys: keys,
    bsnHashKey: hashKey,
    bodyLimit: env.BODY_LIMIT ?? '100kb',
    processRole,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port ?? 3000}`).replace(/\/$/, ''),
    queue,
    relay,
    webhooks,
    email,
    stallEvaluationEveryMs,
    actionOverdueEveryMs,
    rateLimitPerMinute,
  };
}

function readAuth(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): AuthConfig {
  const issuer = emptyToUndefined(env.AUTH_ISSUER);
  const jwksUrl = emptyToUndefined(env.AUTH_JWKS_URL);
  const audience = env.AUTH_AUDIENCE ?? 'eenplan-api';
  const ttl = parseInteger(env.DEV_TOKEN_TTL_SECONDS ?? '43200');
  if (ttl === undefined || ttl <= 0) problems.push('DEV_TOKEN_TTL_SECONDS must be a positive integer');
  if (issuer || jwksUrl) {
    if (!issuer || !jwksUrl) problems.push('AUTH_ISSUER and AUTH_JWKS_URL must be set together (your OIDC provider)');
    if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) problems.push('AUTH_JWKS_URL must be an http(s) URL');
    return { mode: 'oidc', issuer: issuer ?? '', audience, jwksUrl, devTokenTtlSeconds: ttl ?? 0 };
  }
  if (nodeEnv === 'production') {
    problems.push(
      'AUTH_ISSUER and AUTH_JWKS_URL are required with NODE_ENV=production: the development token issuer refuses to run in production',
    );
  }
  // Not tied to the port, so every local process (API, workers, token CLI) accepts the same development tokens.
  return { mode: 'dev', issuer: 'urn:eenplan:dev-issuer', audience, devTokenTtlSeconds: ttl ?? 0 };
}

function readApiClients(env: NodeJS.ProcessEnv, problems: string[]): ApiClientsConfig {
  const ttl = parseInteger(env.CLIENT_TOKEN_TTL_SECONDS ?? '300');
  if (ttl === undefined || ttl < 30 || ttl > 3600) problems.push('CLIENT_TOKEN_TTL_SECONDS must be an integer from 30 to 3600');
  const raw = emptyToUndefined(env.CLIENT_TOKEN_PRIVATE_JWK);
  let privateJwk: Record<string, unknown> | undefined;
  if (raw) {
    try {
      privateJwk = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      privateJwk = undefined;
    }
    if (!privateJwk || privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || typeof privateJwk.d !== 'string') {
      problems.push('CLIENT_TOKEN_PRIVATE_JWK must be an EC P-256 private key as a JWK (JSON with kty "EC", crv "P-256" and d)');
      privateJwk = undefined;
    }
  }
  return { issuer: 'urn:eenplan:api-clients', tokenTtlSeconds: ttl ?? 300, privateJwk };
}

function readBsnKeys(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]) {
  const rawKeys = emptyToUndefined(env.BSN_ENCRYPTION_KEYS);
  const rawHash = emptyToUndefined(env.BSN_HASH_KEY);
  let keys: Array<{ id: string; key: Buffer }> | undefined;
  let hashKey: Buffer | undefined;
  if (rawKeys) {
    keys = [];
    for (const entry of rawKeys.split(',')) {
      const [id, b64] = entry.split(':');
      const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      if (!id || key.length !== 32) {
        problems.push('BSN_ENCRYPTION_KEYS must be "keyId:base64(32 bytes)[,keyId:base64(32 bytes)…]", newest first');
        break;
      }
      keys.push({ id, key });
    }
  }
  if (rawHash) {
    hashKey = Buffer.from(rawHash, 'base64');
    if (hashKey.length < 32) problems.push('BSN_HASH_KEY must be at least 32 bytes, base64-encoded');
  }
  if (nodeEnv === 'production' && (!rawKeys || !rawHash)) {
    problems.push('BSN_ENCRYPTION_KEYS and BSN_HASH_KEY are required with NODE_ENV=production');
  }
  return { keys, hashKey };
}

function parseInteger(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function parseBoolean(value: string | undefined, fallback: boolean): boolean | undefined {
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  return undefined;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
