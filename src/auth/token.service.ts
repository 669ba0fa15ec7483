import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Text } from '../common/language.js';
import { peekClaims } from '../common/token-claims.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DomainError } from '../common/domain-error.js';
import { AuthErrors } from './auth.errors.js';
import { DEV_ALG, loadOrCreateDevSigningKey, type DevSigningKey } from './dev-signing-key.js';
import { VerifiedTokens } from './verified-tokens.js';

/** How many verified tokens are kept, and for how long at most (a removed signing key stops working within it). */
const VERIFIED_TOKENS = { entries: 10_000, maxAgeMs: 60_000 };

/** Verifies bearer JWTs against the configured issuer's JWKS; in development also signs them. */
@Injectable()
export class TokenService implements OnModuleInit {
  private jwks: JWTVerifyGetKey;
  private devKey?: DevSigningKey;
  private readonly verified = new VerifiedTokens(VERIFIED_TOKENS.entries, VERIFIED_TOKENS.maxAgeMs);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const { auth } = this.config;
    if (auth.mode === 'oidc') {
      this.jwks = createRemoteJWKSet(new URL(auth.jwksUrl!), { cacheMaxAge: 10 * 60_000 });
      return;
    }
    if (this.config.nodeEnv === 'production') throw new Error('The development token issuer refuses to run with NODE_ENV=production');
    this.devKey = await loadOrCreateDevSigningKey(this.config.dataDir);
    this.jwks = createLocalJWKSet({ keys: [{ ...this.devKey.publicJwk, kid: this.devKey.kid }] });
  }

  /**
   * Returns the `sub` claim of a valid token; every failure is a 401 with a reason a client can act on. Beyond
   * signature, issuer and audience: only the allowed algorithms, and `exp`, `iat` and `sub` must be present — a
   * token without `exp` would never end, and `iat` bounds how old any token may be (AUTH_MAX_TOKEN_AGE_SECONDS),
   * also when an identity provider hands out long `exp`s.
   */
  verify(token: string): Promise<string> {
    return this.verifyFor(token, this.config.auth.audience);
  }

  /**
   * A platform operator's token: same issuer, the operators' audience (never the API's). Returns its `sub`;
   * whether that subject is an operator is the caller's question (OperatorAuthenticator).
   */
  verifyOperator(token: string): Promise<string> {
    return this.verifyFor(token, this.config.operators.audience);
  }

  /**
   * Whether a token claims the operators' audience — read without verifying, only to choose how to verify it
   * (an unverified claim never grants anything: the token is verified for that audience next).
   */
  claimsOperatorAudience(token: string): boolean {
    const aud = peekClaims(token)?.aud;
    return (Array.isArray(aud) ? aud : [aud]).includes(this.config.operators.audience);
  }

  private async verifyFor(token: string, audience: string): Promise<string> {
    const known = this.verified.get(audience, token);
    if (known !== undefined) return known;
    const policy = this.config.tokenVerification;
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.auth.issuer,
        audience,
        algorithms: policy.algorithms,
        requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
        maxTokenAge: policy.maxTokenAgeSeconds,
        clockTolerance: policy.clockToleranceSeconds,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        throw AuthErrors.create('TOKEN_INVALID', {
          nl: 'Het token heeft geen subject (sub).',
          en: 'The token has no subject (sub).',
        });
      }
      const tolerance = policy.clockToleranceSeconds;
      this.verified.remember(audience, token, payload.sub, Math.min(payload.exp! + tolerance, payload.iat! + policy.maxTokenAgeSeconds + tolerance) * 1000);
      return payload.sub;
    } catch (error) {
      throw tokenError(error, { nl: 'Haal een nieuw token op bij uw identiteitsprovider.', en: 'Get a new one from your identity provider.' });
    }
  }

  get devIssuerEnabled(): boolean {
    return this.devKey !== undefined;
  }

  get devJwks() {
    if (!this.devKey) return undefined;
    return { keys: [{ ...this.devKey.publicJwk, kid: this.devKey.kid }] };
  }

  /** Development only: a token for a professional's auth subject. */
  signDevToken(subject: string, ttlSeconds = this.config.auth.devTokenTtlSeconds): Promise<string> {
    return this.signDev(subject, this.config.auth.audience, ttlSeconds);
  }

  /** Development only: a platform operator's token (the operators' audience; opens no municipality's API). */
  signDevOperatorToken(subject: string, ttlSeconds = this.config.auth.devTokenTtlSeconds): Promise<string> {
    return this.signDev(subject, this.config.operators.audience, ttlSeconds);
  }

  private async signDev(subject: string, audience: string, ttlSeconds: number): Promise<string> {
    if (!this.devKey) throw new Error('The development token issuer is not enabled (AUTH_ISSUER is configured)');
    return new SignJWT({})
      .setProtectedHeader({ alg: DEV_ALG, kid: this.devKey.kid })
      .setSubject(subject)
      .setIssuer(this.config.auth.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.devKey.privateKey);
  }
}

/**
 * A verification failure as a 401 whose detail names what was wrong (never the token or its claims' values), so
 * an integrator can fix their identity provider's settings. Errors that are not about the token pass through.
 */
export function tokenError(error: unknown, getNew: Text): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof joseErrors.JWTExpired) {
    const detail: Text =
      error.claim === 'iat'
        ? { nl: 'Het token is te lang geleden uitgegeven (iat ouder dan de maximale leeftijd van een token).', en: 'The token was issued too long ago (iat beyond the maximum token age).' }
        : { nl: 'Het token is verlopen.', en: 'The token has expired.' };
    return AuthErrors.create('TOKEN_EXPIRED', { nl: `${detail.nl} ${getNew.nl}`, en: `${detail.en} ${getNew.en}` });
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const detail: Text =
      error.reason === 'missing'
        ? {
            nl: `Het token mist de verplichte claim "${error.claim}" (exp, iat, sub, iss en aud zijn verplicht).`,
            en: `The token lacks the required claim "${error.claim}" (exp, iat, sub, iss and aud are required).`,
          }
        : {
            nl: `De claim "${error.claim}" van het token is niet acceptabel (uitgever, doelgroep, of een tijd in de toekomst).`,
            en: `The token's "${error.claim}" claim is not acceptable (issuer, audience, or a time in the future).`,
          };
    return AuthErrors.create('TOKEN_INVALID', { nl: `${detail.nl} ${getNew.nl}`, en: `${detail.en} ${getNew.en}` });
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return AuthErrors.create('TOKEN_INVALID', { nl: `Het ondertekeningsalgoritme van het token wordt niet geaccepteerd. ${getNew.nl}`, en: `The token's signing algorithm is not accepted. ${getNew.en}` });
  }
  if (error instanceof joseErrors.JOSEError) {
    return AuthErrors.create('TOKEN_INVALID', {
      nl: `Het token kon niet worden geverifieerd (handtekening, uitgever of doelgroep). ${getNew.nl}`,
      en: `The token could not be verified (signature, issuer or audience). ${getNew.en}`,
    });
  }
  return error;
}
