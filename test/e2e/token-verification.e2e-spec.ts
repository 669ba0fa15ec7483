import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import request from 'supertest';
import { loadOrCreateDevSigningKey, loadOrCreateSigningKey, type DevSigningKey } from '../../src/auth/dev-signing-key.js';
import { TokenService } from '../../src/auth/token.service.js';
import { ENGLISH, bearer, createTenantFixture, expectProblem, startTestApp, type TenantFixture, type TestApp } from './harness/index.js';

/**
 * Professionals' tokens are checked beyond signature, issuer and audience: exp, iat, sub, iss and aud must be
 * there, iat may not be older than AUTH_MAX_TOKEN_AGE_SECONDS nor in the future, only the allowed algorithms
 * count, and clocks may differ by AUTH_CLOCK_TOLERANCE_SECONDS. Every refusal is a 401 problem+json.
 */

const ISSUER = 'urn:eenplan:dev-issuer';
const AUDIENCE = 'eenplan-api';
const now = () => Math.floor(Date.now() / 1000);

let t: TestApp;
let f: TenantFixture;
let devKey: DevSigningKey;

beforeAll(async () => {
  t = await startTestApp({ AUTH_MAX_TOKEN_AGE_SECONDS: '3600', DEV_TOKEN_TTL_SECONDS: '3600', AUTH_CLOCK_TOLERANCE_SECONDS: '30' });
  f = await createTenantFixture(t.app);
  devKey = await loadOrCreateDevSigningKey(process.env.TEST_DATA_DIR!);
});

afterAll(async () => {
  await t?.close();
});

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number;
}

/** A token signed with the development key, with exactly these claims (absent ones left out). */
function devToken(claims: Claims): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: devKey.kid }).sign(devKey.privateKey);
}

const valid = (): Claims => ({ sub: f.coordinator.authSubject, iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 600 });
// English: the tests compare the English detail of each refusal
const call = (token: string) => request(t.http).get('/api/v1/life-domains').set(bearer(token)).set(ENGLISH);

describe('professional tokens (development issuer)', () => {
  it('accepts a token with every required claim, and one that expired within the clock tolerance', async () => {
    expect((await call(await devToken(valid()))).status).toBe(200);
    expect((await call(await devToken({ ...valid(), iat: now() - 600, exp: now() - 10 }))).status).toBe(200);
    expect((await call(await devToken({ ...valid(), iat: now() + 10 }))).status).toBe(200);
  });

  it.each([
    ['without exp', (c: Claims) => ({ ...c, exp: undefined }), 'TOKEN_INVALID', /"exp"/],
    ['without iat', (c: Claims) => ({ ...c, iat: undefined }), 'TOKEN_INVALID', /"iat"/],
    ['without sub', (c: Claims) => ({ ...c, sub: undefined }), 'TOKEN_INVALID', /"sub"/],
    ['without iss', (c: Claims) => ({ ...c, iss: undefined }), 'TOKEN_INVALID', /"iss"/],
    ['without aud', (c: Claims) => ({ ...c, aud: undefined }), 'TOKEN_INVALID', /"aud"/],
    ['issued longer ago than the maximum token age (with a far exp)', (c: Claims) => ({ ...c, iat: now() - 3600 - 120, exp: now() + 5 * 365 * 86_400 }), 'TOKEN_EXPIRED', /issued too long ago/],
    ['issued five years ago', (c: Claims) => ({ ...c, iat: now() - 5 * 365 * 86_400 }), 'TOKEN_EXPIRED', /issued too long ago/],
    ['issued in the future beyond the clock tolerance', (c: Claims) => ({ ...c, iat: now() + 300 }), 'TOKEN_INVALID', /"iat"/],
    ['expired beyond the clock tolerance', (c: Claims) => ({ ...c, iat: now() - 600, exp: now() - 60 }), 'TOKEN_EXPIRED', /expired/],
    ['from another issuer', (c: Claims) => ({ ...c, iss: 'https://evil.example' }), 'TOKEN_INVALID', /"iss"/],
    ['for another audience', (c: Claims) => ({ ...c, aud: 'another-api' }), 'TOKEN_INVALID', /"aud"/],
  ])('refuses a token %s with 401 problem+json', async (_name, change, code, detail) => {
    const body = expectProblem(await call(await devToken(change(valid()))), 401, code);
    expect(body.detail).toMatch(detail);
  });

  it('refuses HS256 (signed with a shared secret) and unsigned (alg none) tokens', async () => {
    const hs = await new SignJWT({ ...valid() }).setProtectedHeader({ alg: 'HS256', kid: devKey.kid }).sign(new TextEncoder().encode('x'.repeat(32)));
    expectProblem(await call(hs), 401, 'TOKEN_INVALID');
    const none = new UnsecuredJWT({ ...valid() }).encode();
    expectProblem(await call(none), 401, 'TOKEN_INVALID');
  });

  it('the development issuer mints tokens that carry every required claim', async () => {
    const token = await t.app.get(TokenService).signDevToken(f.coordinator.authSubject);
    const [, payload] = token.split('.');
    expect(Object.keys(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as object).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub']);
    expect((await call(token)).status).toBe(200);
  });
});

describe('partner API client tokens', () => {
  it('refuses a client token older than the client token lifetime, and one without iat, even with a valid signature and exp', async () => {
    const created = await request(t.http).post(`/api/v1/organisations/${f.partnerOrganisationId}/api-clients`).set(bearer(f.admin)).send({ name: 'Cliëntsysteem', scopes: ['households:read'] });
    expect(created.status).toBe(201);
    const clientId = (created.body as { clientId: string }).clientId;
    const key = await loadOrCreateSigningKey(process.env.TEST_DATA_DIR!, 'client-signing-key.json', 'client');
    const clientToken = (iat: number | undefined) => {
      const jwt = new SignJWT({ scope: 'households:read', gen: 1, ...(iat !== undefined && { iat }) })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
        .setIssuer('urn:eenplan:api-clients')
        .setAudience(AUDIENCE)
        .setSubject(clientId)
        .setExpirationTime(now() + 3600);
      return jwt.sign(key.privateKey);
    };
    const households = (token: string) => request(t.http).get('/api/v1/households').set(bearer(token)).set(ENGLISH);
    expect((await households(await clientToken(now()))).status).toBe(200);
    const old = expectProblem(await households(await clientToken(now() - 3600)), 401, 'TOKEN_EXPIRED');
    expect(old.detail).toMatch(/issued too long ago/);
    expectProblem(await households(await clientToken(undefined)), 401, 'TOKEN_INVALID');
  });
});

describe('professional tokens (an external issuer with an RSA key that names no algorithm)', () => {
  const OIDC_ISSUER = 'https://login.example.test/realms/eenplan';
  let jwksServer: Server;
  let oidc: TestApp;
  let rsa: JWK;
  let ec: JWK;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256', { extractable: true });
    const ecPair = await generateKeyPair('ES256', { extractable: true });
    rsa = await exportJWK(rsaPair.privateKey);
    ec = await exportJWK(ecPair.privateKey);
    // no `alg` on the keys, as many providers publish them: the key alone would verify RS256, PS256, RS512 …
    const keys: JWK[] = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', use: 'sig' },
    ];
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    oidc = await startTestApp({ AUTH_ISSUER: OIDC_ISSUER, AUTH_JWKS_URL: `http://127.0.0.1:${port}/certs`, AUTH_ALGORITHMS: 'RS256' });
  });

  afterAll(async () => {
    await oidc?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const sign = async (alg: string, key: JWK, kid: string) =>
    new SignJWT({}).setProtectedHeader({ alg, kid }).setSubject(f.coordinator.authSubject).setIssuer(OIDC_ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(await importJWK(key, alg));
  const oidcCall = (token: string) => request(oidc.http).get('/api/v1/life-domains').set(bearer(token)).set(ENGLISH);

  it('accepts an allowed algorithm (RS256)', async () => {
    expect((await oidcCall(await sign('RS256', rsa, 'rsa-1'))).status).toBe(200);
  });

  it('refuses a validly signed token whose algorithm is not on AUTH_ALGORITHMS (PS256 and RS512 with the RSA key, ES256 with the EC key)', async () => {
    for (const token of [await sign('PS256', rsa, 'rsa-1'), await sign('RS512', rsa, 'rsa-1'), await sign('ES256', ec, 'ec-1')]) {
      const body = expectProblem(await oidcCall(token), 401, 'TOKEN_INVALID');
      expect(body.detail).toMatch(/algorithm is not accepted/);
    }
  });
});
