import { isIP } from 'node:net';
import path from 'node:path';
import type { JWK } from 'jose';

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

/** Platform operators (issue 10): run the service (queues, dead letters, municipalities), never see case data. */
export interface OperatorsConfig {
  /** `aud` of operator tokens (same issuer as professionals' tokens); must differ from the API's audience. */
  audience: string;
  /** `sub` values that are platform operators (PLATFORM_OPERATOR_SUBJECTS). None by default in production. */
  subjects: string[];
  /** Bull Board at /admin/queues (QUEUE_DASHBOARD): on in development and tests, off in production unless enabled. */
  queueDashboard: boolean;
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
  webhooks: { maxAttempts: number; retryBaseMs: number; timeoutMs: number } & WebhookSecurityConfig;
  email: { smtpUrl?: string; from: string };
  /** How often the scheduler evaluates the stall rules of every tenant. */
  stallEvaluationEveryMs: number;
  /** How often the scheduler looks for actions that passed their due date (each is told once per due date). */
  actionOverdueEveryMs: number;
  /** Requests per minute per professional (per address before sign-in). */
  rateLimitPerMinute: number;
  /** How bearer JWTs (professionals' and partner clients') are checked beyond signature, issuer and audience. */
  tokenVerification: TokenVerificationConfig;
  /** Per-address budget of failed requests (401s, failed token requests), checked before authentication. */
  rateLimitFailuresPerMinute: number;
  /** Express `trust proxy`: which hops' X-Forwarded-For is believed. `false` (the default) believes none. */
  trustProxy: TrustProxySetting;
  /** Serve Swagger UI at /docs and the document at /docs-json (default: on outside production). */
  apiDocs: boolean;
  /** GET /metrics; `token` set means a bearer token is required (always set in production when enabled). */
  metrics: { enabled: boolean; token?: string };
  operators: OperatorsConfig;
  /** Database logins and time limits (see docs/SECURITY.md, "Database roles"). */
  database: DatabaseConfig;
  /** Self-healing and shutdown (docs/OPERATIONS.md). */
  resilience: {
    /** How often each worker checks that every repeatable job's schedule exists in the queue store, and restores it. */
    scheduleEnsureMs: number;
    /** How often each worker checks whether the queue store (Redis) lost its data, to re-relay at once. */
    queueStoreCheckMs: number;
    /** SIGTERM: how long in-flight requests and jobs may take before the process exits anyway. */
    shutdownGraceMs: number;
    /** SIGTERM: how long readiness answers 503 before the listener closes (the load balancer's reaction time). */
    shutdownDrainDelayMs: number;
  };
  /** The audit trail's sealer, keys and checkpoints (docs/SECURITY.md, "Audit trail"). */
  audit: AuditConfig;
  /**
   * PRINCIPAL_CACHE_MS: how long a token's professional or API client may be reused without reading it again (0: read
   * on every request). Every change to either is heard through the database at once (LISTEN/NOTIFY), on every
   * replica; this bound is only the backstop.
   */
  principalCacheMs: number;
}

export interface AuditConfig {
  /** AUDIT_SEAL_KEY (base64, ≥ 32 bytes): the chain's HMAC key. Unset outside production: generated under DATA_DIR. */
  sealKey?: Buffer;
  /** AUDIT_CHECKPOINT_KEY (private EC P-256 JWK, JSON): signs checkpoints. Unset outside production: generated under DATA_DIR. */
  checkpointKey?: JWK & { kid?: string };
  /** AUDIT_CHECKPOINT_DIR: each checkpoint is also appended as a JSON line to `<dir>/<tenantId>.jsonl`. */
  checkpointDir?: string;
  /** AUDIT_SEAL_EVERY_MS: how often the sealer looks for new events (the seal lag is about this). */
  sealEveryMs: number;
  /** AUDIT_SEAL_BATCH: at most this many events per sealing transaction. */
  sealBatch: number;
  /**
   * AUDIT_SEAL_LOOKBACK_MS: how far back the sealer looks for events that committed after later-numbered ones.
   * Must exceed the longest an INSERT can wait for its COMMIT (statement plus idle-in-transaction time limits).
   */
  lookbackMs: number;
}

export interface TokenVerificationConfig {
  /** Accepted `alg` header values (asymmetric only); anything else is refused before the key is looked up. */
  algorithms: string[];
  /** A token whose `iat` is older than this is refused, whatever its `exp` says. */
  maxTokenAgeSeconds: number;
  /** Leeway for clocks that disagree a little (exp, nbf, iat in the future). */
  clockToleranceSeconds: number;
}

/** The forms Express accepts for `trust proxy` that we allow: off, a hop count, or addresses/CIDRs/named ranges. */
export type TrustProxySetting = false | number | string[];

/** Asymmetric JWS algorithms only: a shared-secret (HS*) or unsigned (`none`) token can never be verified against a JWKS. */
export const ASYMMETRIC_JWT_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'] as const;

/** Where webhooks may go and how their signing secrets are kept (see readWebhookSecurity). */
export interface WebhookSecurityConfig {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: loopback and private networks as destinations, for local receivers; refused in production. */
  allowPrivateTargets: boolean;
  /** WEBHOOK_ALLOWED_PORTS; unset outside production means any port. */
  allowedPorts?: number[];
  /** WEBHOOK_SECRET_KEYS: key id → 32-byte key, newest first. Unset in development: generated under DATA_DIR. */
  secretKeys?: Array<{ id: string; key: Buffer }>;
  /** WEBHOOK_SECRET_OVERLAP_HOURS: how long a rotated-out secret keeps signing next to the new one. */
  secretOverlapHours: number;
}

/**
 * Who connects as what. The runtime pools log in as `eenplan_app` (requests) and `eenplan_worker` (system
 * work) themselves, so there is no session user to switch back to: `SET ROLE NONE`, `RESET ROLE` or
 * `set_config('role', …)` leave a connection what it was, and neither role is a member of the owner.
 * `ownerUrl` is only for migrations and provisioning; it is unset when the operator gave only the logins.
 */
export interface DatabaseLogins {
  appUrl: string;
  workerUrl: string;
  ownerUrl?: string;
}

export interface DatabaseConfig {
  /** MIGRATION_DATABASE_URL: the schema owner, for migrations and for provisioning the login roles. */
  migrationUrl?: string;
  /** DATABASE_WORKER_URL: the `eenplan_worker` login, when DATABASE_URL is the `eenplan_app` login. */
  workerUrl?: string;
  /** Passwords the login roles get when the app provisions them; unset: derived (see database-logins.ts). */
  appPassword?: string;
  workerPassword?: string;
  /** Waiting for a pooled connection, or for a new one to open. */
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** Client-side bound on one query: a frozen server never sends its own statement timeout. */
  queryTimeoutMs: number;
  /**
   * How long a pooled connection may sit idle before the pool closes it (0: never). A reopened connection pays
   * the login and parses and plans every statement again, so a lull should not empty the pool.
   */
  poolIdleTimeoutMs: number;
  /** Retry-After (seconds) of the 503 answered while the database is unavailable. */
  retryAfterSeconds: number;
  /** The runtime logins, resolved at start (bootstrap), never read from the environment directly. */
  logins?: DatabaseLogins;
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
  const host = env.HOST ?? '127.0.0.1';
  if (!HOST_PATTERN.test(host)) problems.push(`HOST must be an IP address or a host name to listen on, e.g. 127.0.0.1 or 0.0.0.0 (got "${host.slice(0, 64)}")`);
  const bodyLimit = env.BODY_LIMIT ?? '100kb';
  if (!validBodyLimit(bodyLimit)) problems.push(`BODY_LIMIT must be a size from 1kb to 50mb, e.g. 100kb or 1mb (got "${bodyLimit.slice(0, 64)}")`);

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
    // A killed worker's jobs run again after at most lock duration + stalled interval (15 s); see docs/OPERATIONS.md.
    stalledIntervalMs: int('QUEUE_STALLED_INTERVAL_MS', 5_000),
    lockDurationMs: int('QUEUE_LOCK_DURATION_MS', 10_000),
    concurrency: int('QUEUE_CONCURRENCY', 20),
  };
  if (!/^[a-z0-9_-]{1,40}$/i.test(queue.prefix)) problems.push('QUEUE_PREFIX must be 1–40 letters, digits, - or _');
  const relay = { pollMs: int('RELAY_POLL_MS', 1_000), sweepAfterMs: int('RELAY_SWEEP_AFTER_MS', 60_000) };
  const webhooks = {
    maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 12),
    retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 10_000),
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000),
    ...readWebhookSecurity(env, nodeEnv, problems),
  };
  const smtpUrl = emptyToUndefined(env.SMTP_URL);
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const email = { smtpUrl, from: env.EMAIL_FROM ?? 'Eenplan <noreply@eenplan.invalid>' };
  const stallEvaluationEveryMs = int('STALL_EVALUATION_EVERY_MS', 15 * 60_000, 1_000);
  const actionOverdueEveryMs = int('ACTION_OVERDUE_EVERY_MS', 24 * 60 * 60_000, 1_000);
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', 600);
  const tokenVerification = readTokenVerification(env, auth, int, problems);
  const rateLimitFailuresPerMinute = int('RATE_LIMIT_FAILURES_PER_MINUTE', 60);
  const trustProxy = readTrustProxy(env, problems);
  const apiDocs = parseBoolean(env.API_DOCS, nodeEnv !== 'production');
  if (apiDocs === undefined) problems.push('API_DOCS must be true or false');
  const metrics = readMetrics(env, nodeEnv, problems);
  const operators = readOperators(env, nodeEnv, auth, problems);
  const database = readDatabase(env, nodeEnv, int, problems);
  const resilience = {
    scheduleEnsureMs: int('SCHEDULE_ENSURE_MS', 30_000, 500),
    queueStoreCheckMs: int('QUEUE_STORE_CHECK_MS', 5_000, 500),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 25_000, 0),
    shutdownDrainDelayMs: int('SHUTDOWN_DRAIN_DELAY_MS', 5_000, 0),
  };

  const audit = readAudit(env, nodeEnv, int, problems);
  const principalCacheMs = int('PRINCIPAL_CACHE_MS', 60_000, 0);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    host,
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
    bodyLimit,
    processRole,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port ?? 3000}`).replace(/\/$/, ''),
    queue,
    relay,
    webhooks,
    email,
    stallEvaluationEveryMs,
    actionOverdueEveryMs,
    rateLimitPerMinute,
    database,
    tokenVerification,
    rateLimitFailuresPerMinute,
    trustProxy,
    apiDocs: apiDocs ?? false,
    metrics,
    operators,
    resilience,
    audit,
    principalCacheMs,
  };
}

/** The audit trail's keys are required in production: a generated key under DATA_DIR is a development convenience. */
function readAudit(env: NodeJS.ProcessEnv, nodeEnv: string, int: (name: string, fallback: number, min?: number) => number, problems: string[]): AuditConfig {
  const rawSeal = emptyToUndefined(env.AUDIT_SEAL_KEY);
  const sealKey = rawSeal ? Buffer.from(rawSeal, 'base64') : undefined;
  if (sealKey && sealKey.length < 32) problems.push('AUDIT_SEAL_KEY must be at least 32 bytes, base64-encoded (e.g. openssl rand -base64 32)');
  const rawCheckpoint = emptyToUndefined(env.AUDIT_CHECKPOINT_KEY);
  let checkpointKey: AuditConfig['checkpointKey'];
  if (rawCheckpoint) {
    try {
      const jwk = JSON.parse(rawCheckpoint) as JWK & { kid?: string };
      if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new Error('not a private P-256 key');
      checkpointKey = jwk;
    } catch {
      problems.push('AUDIT_CHECKPOINT_KEY must be a private EC P-256 JWK (JSON with kty "EC", crv "P-256" and d)');
    }
  }
  if (nodeEnv === 'production' && (!rawSeal || !rawCheckpoint)) problems.push('AUDIT_SEAL_KEY and AUDIT_CHECKPOINT_KEY are required with NODE_ENV=production');
  const checkpointDir = emptyToUndefined(env.AUDIT_CHECKPOINT_DIR);
  return {
    sealKey,
    checkpointKey,
    checkpointDir: checkpointDir ? path.resolve(checkpointDir) : undefined,
    sealEveryMs: int('AUDIT_SEAL_EVERY_MS', 1_000, 100),
    sealBatch: int('AUDIT_SEAL_BATCH', 20_000, 1),
    lookbackMs: int('AUDIT_SEAL_LOOKBACK_MS', 120_000, 1_000),
  };
}

function readTokenVerification(
  env: NodeJS.ProcessEnv,
  auth: AuthConfig,
  int: (name: string, fallback: number, min?: number) => number,
  problems: string[],
): TokenVerificationConfig {
  const algorithms = (emptyToUndefined(env.AUTH_ALGORITHMS) ?? 'ES256,RS256').split(',').map((a) => a.trim()).filter((a) => a !== '');
  const unknown = algorithms.filter((a) => !(ASYMMETRIC_JWT_ALGORITHMS as readonly string[]).includes(a));
  if (algorithms.length === 0 || unknown.length > 0) {
    problems.push(`AUTH_ALGORITHMS must be a comma-separated list of ${ASYMMETRIC_JWT_ALGORITHMS.join(', ')} (HS* and none are never accepted)`);
  } else if (auth.mode === 'dev' && !algorithms.includes('ES256')) {
    problems.push('AUTH_ALGORITHMS must include ES256 while the development issuer (which signs ES256) is in use');
  }
  const maxTokenAgeSeconds = int('AUTH_MAX_TOKEN_AGE_SECONDS', 43_200, 60);
  const clockToleranceSeconds = int('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0);
  if (clockToleranceSeconds > 300) problems.push('AUTH_CLOCK_TOLERANCE_SECONDS must be at most 300');
  if (auth.mode === 'dev' && auth.devTokenTtlSeconds > maxTokenAgeSeconds) {
    problems.push('DEV_TOKEN_TTL_SECONDS must not exceed AUTH_MAX_TOKEN_AGE_SECONDS: development tokens would be refused before they expire');
  }
  return { algorithms, maxTokenAgeSeconds, clockToleranceSeconds };
}

/**
 * TRUST_PROXY: unset or `false` → no proxy is trusted (the peer address counts, X-Forwarded-For is ignored); a
 * number → that many hops; otherwise a comma-separated list of addresses, CIDRs or Express's names (loopback,
 * linklocal, uniquelocal). `true` (trust everything) is refused: any client could then pick its own address.
 */
function readTrustProxy(env: NodeJS.ProcessEnv, problems: string[]): TrustProxySetting {
  const raw = emptyToUndefined(env.TRUST_PROXY);
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const valid = entries.length > 0 && entries.every((e) => ['loopback', 'linklocal', 'uniquelocal'].includes(e) || isAddressOrCidr(e));
  if (!valid) {
    problems.push('TRUST_PROXY must be false, a hop count, or a comma-separated list of addresses/CIDRs (or loopback, linklocal, uniquelocal); "true" is not allowed');
    return false;
  }
  return entries;
}

function isAddressOrCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * METRICS=true|false (default: on, except in production without METRICS_TOKEN). In production an enabled
 * /metrics needs METRICS_TOKEN: queue depths and failure counts are operational intelligence, not for everyone.
 */
function readMetrics(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): AppConfig['metrics'] {
  const token = emptyToUndefined(env.METRICS_TOKEN);
  const enabled = parseBoolean(env.METRICS, nodeEnv !== 'production' || token !== undefined);
  if (enabled === undefined) problems.push('METRICS must be true or false');
  if (token !== undefined && token.length < 32) problems.push('METRICS_TOKEN must be at least 32 characters (e.g. openssl rand -base64 32)');
  if (enabled && nodeEnv === 'production' && token === undefined) {
    problems.push('METRICS_TOKEN is required with NODE_ENV=production while METRICS is on (or set METRICS=false)');
  }
  return { enabled: enabled ?? false, token };
}

/** The development operator's subject: `npm run --silent token -- --operator` signs a token for it. */
export const DEV_OPERATOR_SUBJECT = 'dev-operator';

function readOperators(env: NodeJS.ProcessEnv, nodeEnv: string, auth: AuthConfig, problems: string[]): OperatorsConfig {
  const audience = emptyToUndefined(env.OPERATOR_AUDIENCE) ?? 'eenplan-operations';
  // an operator token must never also be a professional's token: the audiences keep the two credentials apart
  if (audience === auth.audience) problems.push('OPERATOR_AUDIENCE must differ from AUTH_AUDIENCE: operator tokens must not open the municipalities\' API');
  const raw = emptyToUndefined(env.PLATFORM_OPERATOR_SUBJECTS);
  // only the development issuer gets a default operator: with a real identity provider, operators are named explicitly
  const subjects = raw === undefined ? (auth.mode === 'dev' ? [DEV_OPERATOR_SUBJECT] : []) : [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  if (subjects.some((s) => s.length > 255)) problems.push('PLATFORM_OPERATOR_SUBJECTS must be a comma-separated list of token subjects (sub), each at most 255 characters');
  const queueDashboard = parseBoolean(env.QUEUE_DASHBOARD, nodeEnv !== 'production');
  if (queueDashboard === undefined) problems.push('QUEUE_DASHBOARD must be true or false');
  return { audience, subjects, queueDashboard: queueDashboard ?? false };
}

function readDatabase(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv'], int: (name: string, fallback: number, min?: number) => number, problems: string[]): DatabaseConfig {
  const url = (name: string) => {
    const value = emptyToUndefined(env[name]);
    if (value && !/^postgres(ql)?:\/\//.test(value)) problems.push(`${name} must be a postgres:// or postgresql:// URL`);
    return value;
  };
  const statementTimeoutMs = int('DATABASE_STATEMENT_TIMEOUT_MS', 5_000, 100);
  const database: DatabaseConfig = {
    migrationUrl: url('MIGRATION_DATABASE_URL'),
    workerUrl: url('DATABASE_WORKER_URL'),
    appPassword: emptyToUndefined(env.DATABASE_APP_PASSWORD),
    workerPassword: emptyToUndefined(env.DATABASE_WORKER_PASSWORD),
    connectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 3_000, 100),
    statementTimeoutMs,
    lockTimeoutMs: int('DATABASE_LOCK_TIMEOUT_MS', 2_000, 100),
    idleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 1_000),
    queryTimeoutMs: int('DATABASE_QUERY_TIMEOUT_MS', statementTimeoutMs + 2_000, 100),
    // tests start and stop many apps against one server: there, node-postgres's own 10 s (docs/OPERATIONS.md)
    poolIdleTimeoutMs: int('DATABASE_POOL_IDLE_TIMEOUT_MS', nodeEnv === 'test' ? 10_000 : 600_000, 0),
    retryAfterSeconds: int('DATABASE_RETRY_AFTER_SECONDS', 5),
  };
  if (database.queryTimeoutMs <= statementTimeoutMs) {
    problems.push('DATABASE_QUERY_TIMEOUT_MS must be greater than DATABASE_STATEMENT_TIMEOUT_MS: the server should cancel a slow statement before the client gives up on it');
  }
  return database;
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
    // keys fetched over plain http can be swapped by anyone on the path: then every token they sign is "valid"
    else if (jwksUrl && nodeEnv === 'production' && !/^https:\/\//.test(jwksUrl)) problems.push('AUTH_JWKS_URL must be an https:// URL with NODE_ENV=production');
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

/**
 * Webhook egress and secrets. Private targets are a development convenience that production refuses at boot, so
 * the default start is safe; production allows only https on 443/8443 unless WEBHOOK_ALLOWED_PORTS says otherwise,
 * and needs its own WEBHOOK_SECRET_KEYS (not the BSN keys: a webhook secret and a citizen's number should not share
 * a key, and each key rotates on its own schedule).
 */
function readWebhookSecurity(env: NodeJS.ProcessEnv, nodeEnv: string, problems: string[]): WebhookSecurityConfig {
  const allowPrivateTargets = parseBoolean(env.WEBHOOK_ALLOW_PRIVATE_TARGETS, false);
  if (allowPrivateTargets === undefined) problems.push('WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false');
  if (allowPrivateTargets && nodeEnv === 'production') {
    problems.push('WEBHOOK_ALLOW_PRIVATE_TARGETS=true is refused with NODE_ENV=production: webhooks must not reach the server itself or its private network');
  }
  const rawPorts = emptyToUndefined(env.WEBHOOK_ALLOWED_PORTS) ?? (nodeEnv === 'production' ? '443,8443' : undefined);
  let allowedPorts: number[] | undefined;
  if (rawPorts) {
    allowedPorts = rawPorts.split(',').map((p) => parseInteger(p.trim()) ?? NaN);
    if (allowedPorts.some((p) => !(p >= 1 && p <= 65535))) {
      problems.push('WEBHOOK_ALLOWED_PORTS must be a comma-separated list of ports (1–65535), e.g. 443,8443');
      allowedPorts = undefined;
    }
  }
  const rawKeys = emptyToUndefined(env.WEBHOOK_SECRET_KEYS);
  let secretKeys: Array<{ id: string; key: Buffer }> | undefined;
  if (rawKeys) {
    secretKeys = [];
    for (const entry of rawKeys.split(',')) {
      const [id, b64] = entry.trim().split(':');
      const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32 || secretKeys.some((k) => k.id === id)) {
        problems.push('WEBHOOK_SECRET_KEYS must be "keyId:base64(32 bytes)[,keyId:base64(32 bytes)…]", newest first, with distinct ids of up to 32 letters, digits, - or _');
        secretKeys = undefined;
        break;
      }
      secretKeys.push({ id, key });
    }
  } else if (nodeEnv === 'production') {
    problems.push('WEBHOOK_SECRET_KEYS is required with NODE_ENV=production (e.g. wh1:<base64 of 32 random bytes>); it encrypts webhook signing secrets');
  }
  const overlap = parseInteger(env.WEBHOOK_SECRET_OVERLAP_HOURS ?? '24');
  if (overlap === undefined || overlap > 720) problems.push('WEBHOOK_SECRET_OVERLAP_HOURS must be an integer from 0 to 720');
  return { allowPrivateTargets: allowPrivateTargets ?? false, allowedPorts, secretKeys, secretOverlapHours: overlap ?? 24 };
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

/** An IPv4 or IPv6 address, or a host name (RFC 1123 labels): what `listen` takes (an outside probe's `HOST=not a host`, stop 42). */
const HOST_PATTERN = /^(?:[0-9A-Fa-f:.]+|(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/;

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

/**
 * The JSON body limit as body-parser reads it (`100kb`, `1mb`, a number of bytes), from 1 kB to 50 MB: body-parser
 * threw at start-up on a word and took a negative size (every body then a 413), both past the configuration check.
 */
function validBodyLimit(value: string): boolean {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb)?\s*$/i.exec(value);
  if (!match) return false;
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()]!;
  return bytes >= 1024 && bytes <= 50 * 1024 ** 2;
}
