import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';

const key32 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const OIDC = { AUTH_ISSUER: 'https://login.example.nl/realms/eenplan', AUTH_JWKS_URL: 'https://login.example.nl/realms/eenplan/certs' };
const BSN = { BSN_ENCRYPTION_KEYS: `k2:${key32(2)},k1:${key32(1)}`, BSN_HASH_KEY: key32(9) };
/** Required in production since webhook secrets got their own key ring. */
const WEBHOOK_KEYS = {
  WEBHOOK_SECRET_KEYS: `wh2:${key32(4)},wh1:${key32(3)}`,
  // required in production since the audit trail is sealed with keys outside the database (issue 11)
  AUDIT_SEAL_KEY: key32(5),
  AUDIT_CHECKPOINT_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' }),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to refuse this environment');
}

describe('loadConfig', () => {
  it('starts with sensible development defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      redisUrl: undefined,
      demoData: true,
      logLevel: 'info',
      bodyLimit: '100kb',
      auth: { mode: 'dev', issuer: 'urn:eenplan:dev-issuer', audience: 'eenplan-api', devTokenTtlSeconds: 43200 },
    });
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.bsnEncryptionKeys).toBeUndefined();
  });

  it('keeps idle database connections ten minutes by default (node-postgres would close them after ten seconds); 0 keeps them', () => {
    expect(loadConfig({}).database.poolIdleTimeoutMs).toBe(600_000);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://app@db:5432/eenplan', ...OIDC, ...BSN, ...WEBHOOK_KEYS }).database.poolIdleTimeoutMs).toBe(600_000);
    // the test suites start and stop many apps against one server
    expect(loadConfig({ NODE_ENV: 'test' }).database.poolIdleTimeoutMs).toBe(10_000);
    expect(loadConfig({ DATABASE_POOL_IDLE_TIMEOUT_MS: '0' }).database.poolIdleTimeoutMs).toBe(0);
    expect(problemsOf({ DATABASE_POOL_IDLE_TIMEOUT_MS: '-1' })).toContain('DATABASE_POOL_IDLE_TIMEOUT_MS must be an integer ≥ 0');
  });

  it('turns demo data off by default when a DATABASE_URL is given, and quiets logs in tests', () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@localhost/db', REDIS_URL: 'redis://localhost:6379', PORT: '8080' });
    expect(config).toMatchObject({ nodeEnv: 'test', demoData: false, logLevel: 'warn', port: 8080, redisUrl: 'redis://localhost:6379' });
    expect(config.auth.issuer).toBe('urn:eenplan:dev-issuer');
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '  ', REDIS_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('reads the BSN keys, newest first', () => {
    const config = loadConfig(BSN);
    expect(config.bsnEncryptionKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.bsnEncryptionKeys?.[0]?.key.length).toBe(32);
    expect(config.bsnHashKey?.length).toBe(32);
  });

  it('lists every problem at once so an operator can fix them in one go', () => {
    const problems = problemsOf({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/db',
      REDIS_URL: 'http://localhost',
      DEMO_DATA: 'maybe',
      LOG_LEVEL: 'loud',
      DEV_TOKEN_TTL_SECONDS: '-5',
      BSN_ENCRYPTION_KEYS: 'k1:short',
      BSN_HASH_KEY: key32(1).slice(0, 10),
    });
    expect(problems).toEqual([
      expect.stringContaining('NODE_ENV'),
      expect.stringContaining('PORT'),
      expect.stringContaining('DATABASE_URL'),
      expect.stringContaining('REDIS_URL'),
      expect.stringContaining('DEMO_DATA'),
      expect.stringContaining('LOG_LEVEL'),
      expect.stringContaining('DEV_TOKEN_TTL_SECONDS'),
      expect.stringContaining('BSN_ENCRYPTION_KEYS'),
      expect.stringContaining('BSN_HASH_KEY'),
    ]);
  });

  it('checks HOST and BODY_LIMIT with the rest, before anything starts (an outside probe, stop 42)', () => {
    expect(problemsOf({ HOST: 'not a host', BODY_LIMIT: 'huge', LOG_LEVEL: 'loud' })).toEqual([
      expect.stringMatching(/^HOST must be an IP address or a host name/),
      expect.stringMatching(/^BODY_LIMIT must be a size from 1kb to 50mb/),
      expect.stringMatching(/^LOG_LEVEL must be/),
    ]);
    expect(problemsOf({ BODY_LIMIT: '-5kb' })).toEqual([expect.stringMatching(/^BODY_LIMIT/)]);
    expect(problemsOf({ BODY_LIMIT: '100gb' })).toEqual([expect.stringMatching(/^BODY_LIMIT/)]);
    for (const [host, limit] of [['0.0.0.0', '1mb'], ['::', '102400'], ['eenplan-api.internal', '100KB'], ['localhost', '1.5mb']] as const) {
      expect(loadConfig({ HOST: host, BODY_LIMIT: limit })).toMatchObject({ host, bodyLimit: limit });
    }
  });

  it('puts all problems in the error message', () => {
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(/PORT must be[\s\S]*LOG_LEVEL must be/);
  });

  it('refuses the development token issuer in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...BSN, ...WEBHOOK_KEYS });
    expect(problems).toEqual([expect.stringMatching(/AUTH_ISSUER and AUTH_JWKS_URL are required with NODE_ENV=production/)]);
  });

  it('requires the audit trail keys in production', () => {
    const { AUDIT_SEAL_KEY: _seal, AUDIT_CHECKPOINT_KEY: _checkpoint, WEBHOOK_SECRET_KEYS } = WEBHOOK_KEYS;
    expect(problemsOf({ NODE_ENV: 'production', ...OIDC, ...BSN, WEBHOOK_SECRET_KEYS })).toEqual([expect.stringMatching(/AUDIT_SEAL_KEY and AUDIT_CHECKPOINT_KEY are required/)]);
    expect(problemsOf({ NODE_ENV: 'production', ...OIDC, ...BSN, ...WEBHOOK_KEYS, AUDIT_CHECKPOINT_KEY: '{"kty":"oct"}' })).toEqual([expect.stringMatching(/AUDIT_CHECKPOINT_KEY must be a private EC P-256 JWK/)]);
  });

  it('requires the BSN keys in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...OIDC, ...WEBHOOK_KEYS });
    expect(problems).toEqual([expect.stringMatching(/BSN_ENCRYPTION_KEYS and BSN_HASH_KEY are required/)]);
    expect(problemsOf({ NODE_ENV: 'production', ...OIDC, ...WEBHOOK_KEYS, BSN_HASH_KEY: BSN.BSN_HASH_KEY })).toHaveLength(1);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://app@db:5432/eenplan', ...OIDC, ...BSN, ...WEBHOOK_KEYS });
    expect(config.auth).toEqual({ mode: 'oidc', issuer: OIDC.AUTH_ISSUER, jwksUrl: OIDC.AUTH_JWKS_URL, audience: 'eenplan-api', devTokenTtlSeconds: 43200 });
    expect(config.demoData).toBe(false);
  });

  it('rejects AUTH_ISSUER without AUTH_JWKS_URL (and the reverse)', () => {
    expect(problemsOf({ AUTH_ISSUER: OIDC.AUTH_ISSUER })).toEqual([expect.stringMatching(/must be set together/)]);
    expect(problemsOf({ AUTH_JWKS_URL: OIDC.AUTH_JWKS_URL })).toEqual([expect.stringMatching(/must be set together/)]);
  });

  it('rejects a JWKS URL that is not http(s)', () => {
    expect(problemsOf({ ...OIDC, AUTH_JWKS_URL: 'file:///etc/keys.json' })).toEqual([expect.stringContaining('AUTH_JWKS_URL must be an http(s) URL')]);
  });

  describe('webhook egress and secrets', () => {
    const PRODUCTION = { NODE_ENV: 'production', ...OIDC, ...BSN, ...WEBHOOK_KEYS };

    it('refuses private targets by default and allows every port outside production (local receivers)', () => {
      const config = loadConfig({});
      expect(config.webhooks).toMatchObject({ allowPrivateTargets: false, allowedPorts: undefined, secretKeys: undefined, secretOverlapHours: 24 });
      expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks.allowPrivateTargets).toBe(true);
    });

    it('refuses WEBHOOK_ALLOW_PRIVATE_TARGETS=true in production at boot', () => {
      expect(problemsOf({ ...PRODUCTION, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toEqual([expect.stringMatching(/WEBHOOK_ALLOW_PRIVATE_TARGETS=true is refused with NODE_ENV=production/)]);
      expect(loadConfig({ ...PRODUCTION, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).webhooks.allowPrivateTargets).toBe(false);
    });

    it('allows only 443 and 8443 in production unless WEBHOOK_ALLOWED_PORTS says otherwise', () => {
      expect(loadConfig(PRODUCTION).webhooks.allowedPorts).toEqual([443, 8443]);
      expect(loadConfig({ ...PRODUCTION, WEBHOOK_ALLOWED_PORTS: '443, 9443' }).webhooks.allowedPorts).toEqual([443, 9443]);
      expect(problemsOf({ WEBHOOK_ALLOWED_PORTS: '443,70000' })).toEqual([expect.stringContaining('WEBHOOK_ALLOWED_PORTS must be')]);
      expect(problemsOf({ WEBHOOK_ALLOWED_PORTS: 'https' })).toEqual([expect.stringContaining('WEBHOOK_ALLOWED_PORTS must be')]);
    });

    it('requires WEBHOOK_SECRET_KEYS in production, separate from the BSN keys, newest first', () => {
      const { WEBHOOK_SECRET_KEYS: _webhookKeys, ...withoutWebhookKeys } = WEBHOOK_KEYS;
      expect(problemsOf({ NODE_ENV: 'production', ...OIDC, ...BSN, ...withoutWebhookKeys })).toEqual([expect.stringMatching(/WEBHOOK_SECRET_KEYS is required with NODE_ENV=production/)]);
      const keys = loadConfig(PRODUCTION).webhooks.secretKeys!;
      expect(keys.map((k) => k.id)).toEqual(['wh2', 'wh1']);
      expect(keys[0]!.key).toEqual(Buffer.alloc(32, 4));
      expect(problemsOf({ WEBHOOK_SECRET_KEYS: `wh1:${Buffer.alloc(16).toString('base64')}` })).toEqual([expect.stringContaining('WEBHOOK_SECRET_KEYS must be')]);
      expect(problemsOf({ WEBHOOK_SECRET_KEYS: `wh1:${key32(1)},wh1:${key32(2)}` })).toEqual([expect.stringContaining('distinct ids')]);
    });

    it('takes the rotation overlap in hours, 0 to 720', () => {
      expect(loadConfig({ WEBHOOK_SECRET_OVERLAP_HOURS: '0' }).webhooks.secretOverlapHours).toBe(0);
      expect(problemsOf({ WEBHOOK_SECRET_OVERLAP_HOURS: '721' })).toEqual([expect.stringContaining('WEBHOOK_SECRET_OVERLAP_HOURS')]);
    });
  });
});

describe('loadConfig: token verification, proxies and exposure', () => {
  const PROD = { NODE_ENV: 'production', ...OIDC, ...BSN, ...WEBHOOK_KEYS };

  it('refuses a JWKS URL over plain http in production, and allows it outside production', () => {
    expect(problemsOf({ ...PROD, AUTH_JWKS_URL: 'http://login.example.nl/realms/eenplan/certs' })).toEqual([
      expect.stringContaining('AUTH_JWKS_URL must be an https:// URL with NODE_ENV=production'),
    ]);
    expect(loadConfig({ ...OIDC, AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' }).auth.jwksUrl).toBe('http://127.0.0.1:8080/certs');
  });

  it('verifies tokens with ES256/RS256, a 12-hour maximum age and 30 s clock tolerance by default', () => {
    expect(loadConfig({}).tokenVerification).toEqual({ algorithms: ['ES256', 'RS256'], maxTokenAgeSeconds: 43_200, clockToleranceSeconds: 30 });
    expect(loadConfig({ ...OIDC, AUTH_ALGORITHMS: 'PS256, RS256', AUTH_MAX_TOKEN_AGE_SECONDS: '900', AUTH_CLOCK_TOLERANCE_SECONDS: '5' }).tokenVerification).toEqual({
      algorithms: ['PS256', 'RS256'],
      maxTokenAgeSeconds: 900,
      clockToleranceSeconds: 5,
    });
  });

  it('refuses shared-secret and unsigned algorithms, and settings that would refuse every development token', () => {
    expect(problemsOf({ ...OIDC, AUTH_ALGORITHMS: 'RS256,HS256' })).toEqual([expect.stringContaining('AUTH_ALGORITHMS')]);
    expect(problemsOf({ ...OIDC, AUTH_ALGORITHMS: 'none' })).toEqual([expect.stringContaining('AUTH_ALGORITHMS')]);
    expect(problemsOf({ AUTH_ALGORITHMS: 'RS256' })).toEqual([expect.stringContaining('must include ES256')]);
    expect(problemsOf({ AUTH_MAX_TOKEN_AGE_SECONDS: '600' })).toEqual([expect.stringContaining('DEV_TOKEN_TTL_SECONDS must not exceed AUTH_MAX_TOKEN_AGE_SECONDS')]);
    expect(problemsOf({ AUTH_CLOCK_TOLERANCE_SECONDS: '3600' })).toEqual([expect.stringContaining('AUTH_CLOCK_TOLERANCE_SECONDS')]);
  });

  it('trusts no proxy by default; accepts a hop count or addresses, CIDRs and named ranges; refuses "true"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.nl', '1.2.3.4/8/9']) {
      expect(problemsOf({ TRUST_PROXY: bad })).toEqual([expect.stringContaining('TRUST_PROXY')]);
    }
  });

  it('serves API docs outside production by default and only when asked in production', () => {
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig(PROD).apiDocs).toBe(false);
    expect(loadConfig({ ...PROD, API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(problemsOf({ API_DOCS: 'sometimes' })).toEqual([expect.stringContaining('API_DOCS')]);
  });

  it('requires METRICS_TOKEN for metrics in production; without it metrics are off there', () => {
    const token = 'm'.repeat(32);
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
    expect(loadConfig(PROD).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadConfig({ ...PROD, METRICS_TOKEN: token }).metrics).toEqual({ enabled: true, token });
    expect(problemsOf({ ...PROD, METRICS: 'true' })).toEqual([expect.stringContaining('METRICS_TOKEN is required')]);
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual([expect.stringContaining('METRICS_TOKEN must be at least 32')]);
  });

  it('keeps a per-address budget for failed requests', () => {
    expect(loadConfig({}).rateLimitFailuresPerMinute).toBe(60);
    expect(loadConfig({ RATE_LIMIT_FAILURES_PER_MINUTE: '5' }).rateLimitFailuresPerMinute).toBe(5);
  });
});
