import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Text } from '../common/language.js';
import { peekClaims } from '../common/token-claims.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { tokenError } from '../auth/token.service.js';
import { DEV_ALG, importSigningKey, loadOrCreateSigningKey, type DevSigningKey } from '../auth/dev-signing-key.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isApiClientScope, type ApiClientScope } from './api-client-scopes.js';
import { ApiClientErrors } from './api-clients.errors.js';

export interface ClientTokenClaims {
  clientId: string;
  scopes: ApiClientScope[];
  /** The client's secret generation when the token was issued; a rotation makes older tokens invalid. */
  generation: number;
}

/**
 * Access tokens of partner API clients, signed by Eenplan itself (ES256) under an issuer of their own, so they are
 * never mistaken for professionals' tokens. The key comes from CLIENT_TOKEN_PRIVATE_JWK; without it a key is
 * generated once under DATA_DIR — outside production only: there, without a configured key, partner API clients
 * are switched off (token requests answer 503, client tokens are refused).
 */
@Injectable()
export class ClientTokenService implements OnModuleInit {
  private readonly logger = new Logger('ClientTokens');
  private key?: DevSigningKey;
  private jwks?: JWTVerifyGetKey;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    const { privateJwk } = this.config.apiClients;
    if (privateJwk) {
      this.key = await importSigningKey(privateJwk as JWK & { kid?: string }, 'client-configured');
    } else if (this.config.nodeEnv === 'production') {
      this.logger.warn('CLIENT_TOKEN_PRIVATE_JWK is not set: partner API clients are disabled (a generated key is refused in production)');
      return;
    } else {
      this.key = await loadOrCreateSigningKey(this.config.dataDir, 'client-signing-key.json', 'client');
    }
    this.jwks = createLocalJWKSet({ keys: [this.key.publicJwk] });
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  /** A short-lived access token; `expiresIn` in seconds. */
  async sign(claims: ClientTokenClaims): Promise<{ token: string; expiresIn: number }> {
    if (!this.key) {
      throw ApiClientErrors.create('CLIENTS_DISABLED', {
        nl: 'API-clients voor partners zijn op deze server niet ingesteld (CLIENT_TOKEN_PRIVATE_JWK). Vraag de beheerder.',
        en: 'Partner API clients are not configured on this server (CLIENT_TOKEN_PRIVATE_JWK). Ask the operator.',
      });
    }
    const expiresIn = this.config.apiClients.tokenTtlSeconds;
    const token = await new SignJWT({ scope: claims.scopes.join(' '), gen: claims.generation })
      .setProtectedHeader({ alg: DEV_ALG, kid: this.key.kid, typ: 'at+jwt' })
      .setIssuer(this.config.apiClients.issuer)
      .setAudience(this.config.auth.audience)
      .setSubject(claims.clientId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.key.privateKey);
    return { token, expiresIn };
  }

  /** Whether a bearer token claims to be a client token (unverified: only picks the verification path). */
  isClientToken(token: string): boolean {
    return peekClaims(token)?.iss === this.config.apiClients.issuer;
  }

  async verify(token: string): Promise<ClientTokenClaims> {
    if (!this.jwks) {
      throw AuthErrors.create('TOKEN_INVALID', {
        nl: 'API-clients voor partners zijn op deze server niet ingesteld.',
        en: 'Partner API clients are not configured on this server.',
      });
    }
    const getNew: Text = { nl: 'Haal een nieuw token op met POST /api/v1/oauth/token.', en: 'Get a new one from POST /api/v1/oauth/token.' };
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.apiClients.issuer,
        audience: this.config.auth.audience,
        algorithms: [DEV_ALG],
        typ: 'at+jwt',
        clockTolerance: this.config.tokenVerification.clockToleranceSeconds,
        // we issue these tokens ourselves: none is ever older than their lifetime
        maxTokenAge: this.config.apiClients.tokenTtlSeconds,
        requiredClaims: ['sub', 'exp', 'iat', 'iss', 'aud', 'scope', 'gen'],
      });
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => s !== '') : [];
      const generation = payload.gen;
      if (typeof payload.sub !== 'string' || typeof generation !== 'number' || !scopes.every(isApiClientScope)) {
        throw AuthErrors.create('TOKEN_INVALID', { nl: `Het token is geen geldig clienttoken. ${getNew.nl}`, en: `The token is not a valid client token. ${getNew.en}` });
      }
      return { clientId: payload.sub, scopes, generation };
    } catch (error) {
      throw tokenError(error, getNew);
    }
  }
}
