import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TransactionHost } from '../database/transaction-host.js';
import { API_CLIENT_SCOPES, isApiClientScope, type ApiClientScope } from './api-client-scopes.js';
import { oauthError } from './api-clients.errors.js';
import { ApiClientsRepository } from './api-clients.repository.js';
import { clientSecretMatches, UNKNOWN_CLIENT_HASH } from './client-secret.js';
import { ClientTokenService } from './client-token.service.js';

export interface TokenRequest {
  /** The raw Authorization header, if any. */
  authorization?: string;
  /** The parsed form or JSON body. */
  body: Record<string, unknown>;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4) for partner API clients. Client authentication by HTTP Basic
 * (client_secret_basic) or in the body (client_secret_post), never both. An unknown client, a wrong secret and a
 * revoked client fail identically, after the same work (a hash comparison in constant time).
 */
@Injectable()
export class OAuthTokenService {
  constructor(
    private readonly clients: ApiClientsRepository,
    private readonly tokens: ClientTokenService,
    private readonly tx: TransactionHost,
  ) {}

  async issue(request: TokenRequest): Promise<TokenResponse> {
    const body = request.body;
    const basic = parseBasic(request.authorization);
    const bodyId = stringField(body, 'client_id');
    const bodySecret = stringField(body, 'client_secret');
    if (basic && (bodyId !== undefined || bodySecret !== undefined)) {
      throw oauthError('INVALID_REQUEST', {
        nl: 'Authenticeer de client op één manier: HTTP Basic of client_id/client_secret in de inhoud, niet allebei.',
        en: 'Authenticate the client one way: HTTP Basic or client_id/client_secret in the body, not both.',
      });
    }
    const grantType = stringField(body, 'grant_type');
    if (grantType === undefined) throw oauthError('INVALID_REQUEST', { nl: 'Stuur grant_type=client_credentials.', en: 'Send grant_type=client_credentials.' });
    if (grantType !== 'client_credentials') {
      throw oauthError('UNSUPPORTED_GRANT_TYPE', {
        nl: 'Alleen grant_type=client_credentials wordt ondersteund.',
        en: 'Only grant_type=client_credentials is supported.',
      });
    }
    const requestedScope = stringField(body, 'scope');

    const clientId = basic?.clientId ?? bodyId;
    const secret = basic?.secret ?? bodySecret;
    if (!clientId || !secret) {
      throw oauthError('INVALID_CLIENT', {
        nl: 'Authenticeer met client_id en client_secret (HTTP Basic of in de inhoud).',
        en: 'Authenticate with client_id and client_secret (HTTP Basic or in the body).',
      });
    }

    // before the tenant is known: a lookup across tenants, as system work
    const found = isUUID(clientId) ? await this.tx.runAsSystem(() => this.clients.findForAuth(clientId)) : undefined;
    const secretOk = clientSecretMatches(secret, found?.client.secretHash ?? UNKNOWN_CLIENT_HASH);
    if (!found || !secretOk || found.client.revokedAt !== null) {
      throw oauthError('INVALID_CLIENT', {
        nl: 'Authenticatie van de client mislukt: controleer client_id en client_secret (een vervangen geheim werkt niet meer).',
        en: 'Client authentication failed: check client_id and client_secret (a rotated secret no longer works).',
      });
    }
    if (!found.principalActive) {
      throw oauthError('UNAUTHORIZED_CLIENT', {
        nl: 'Deze client mag op dit moment geen tokens krijgen. Vraag uw Eenplan-beheerder.',
        en: 'This client may not obtain tokens at the moment. Ask your Eenplan administrator.',
      });
    }

    const scopes = grantedScopes(requestedScope, found.client.scopes);
    const { token, expiresIn } = await this.tokens.sign({ clientId: found.client.id, scopes, generation: found.client.secretGeneration });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') };
  }
}

/** The requested scopes (space-separated) if all are the client's; all of the client's when none are asked for. */
function grantedScopes(requested: string | undefined, allowed: ApiClientScope[]): ApiClientScope[] {
  if (requested === undefined) return API_CLIENT_SCOPES.filter((s) => allowed.includes(s));
  const asked = [...new Set(requested.split(' ').filter((s) => s !== ''))];
  if (asked.length === 0) {
    throw oauthError('INVALID_SCOPE', {
      nl: 'scope is leeg: laat het weg voor alle scopes van de client, of noem er een paar.',
      en: 'scope is empty: leave it out for all of the client’s scopes, or name some.',
    });
  }
  const refused = asked.filter((s) => !isApiClientScope(s) || !allowed.includes(s));
  if (refused.length > 0) {
    throw oauthError('INVALID_SCOPE', {
      nl: `Deze client mag niet hebben: ${refused.map((s) => s.slice(0, 40)).join(', ')}. Zijn scopes: ${allowed.join(' ')}.`,
      en: `This client may not have: ${refused.map((s) => s.slice(0, 40)).join(', ')}. Its scopes: ${allowed.join(' ')}.`,
    });
  }
  return API_CLIENT_SCOPES.filter((s) => asked.includes(s));
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. Undefined when not Basic at all. */
export function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!header || !/^Basic\s/i.test(header)) return undefined;
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw oauthError('INVALID_CLIENT', {
      nl: 'De Basic-gegevens moeten base64(client_id:client_secret) zijn.',
      en: 'The Basic credentials must be base64(client_id:client_secret).',
    });
  }
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw oauthError('INVALID_CLIENT', {
      nl: 'De Basic-gegevens moeten base64(client_id:client_secret) zijn.',
      en: 'The Basic credentials must be base64(client_id:client_secret).',
    });
  }
}

const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** A body parameter; the same parameter twice is a malformed request (RFC 6749 §3.2). */
function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw oauthError('INVALID_REQUEST', {
      nl: `${name} moet één keer worden meegegeven, als tekst.`,
      en: `${name} must be given once, as a string.`,
    });
  }
  return value;
}
