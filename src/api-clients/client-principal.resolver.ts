import { Injectable } from '@nestjs/common';
import { AuthErrors } from '../auth/auth.errors.js';
import { PrincipalCache } from '../auth/principal-cache.js';
import type { Challenge, PrincipalResolver, ResolvedPrincipal, RouteDemand } from '../auth/principal-resolver.js';
import { DomainError } from '../common/domain-error.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ApiClientsRepository } from './api-clients.repository.js';
import { requiredClientScope, routeKey } from './client-routes.js';
import { ClientTokenService } from './client-token.service.js';

/**
 * The auth guard's port for partner API clients' tokens (Eenplan's own issuer). A client is read through the
 * principal cache, which every change to a client or a professional drops on every replica — revoked, rotated or with its service principal deactivated, its token stops working at once — and may
 * call only the routes of the client allowlist (client-routes.ts) for which its token carries the scope. Clients
 * have no roles; `@Roles` does not apply to them.
 */
@Injectable()
export class ClientPrincipalResolver implements PrincipalResolver {
  constructor(
    private readonly clientTokens: ClientTokenService,
    private readonly clients: ApiClientsRepository,
    private readonly tx: TransactionHost,
    private readonly cache: PrincipalCache,
  ) {}

  claims(token: string): boolean {
    return this.clientTokens.isClientToken(token);
  }

  async resolve(token: string, challenge: Challenge): Promise<ResolvedPrincipal> {
    const claims = await this.clientTokens.verify(token).catch((error: unknown) => {
      // RFC 6750 §3: tell an OAuth client its token is no good
      if (error instanceof DomainError) challenge('Bearer error="invalid_token"');
      throw error;
    });
    // before the tenant is known: a lookup across tenants, as system work — or the cache, which every change drops
    const found = await this.cache.lookup(`client:${claims.clientId}`, () => this.tx.runAsSystem(() => this.clients.findForAuth(claims.clientId)));
    if (!found || found.client.revokedAt !== null || found.client.secretGeneration !== claims.generation || !found.principalActive) {
      challenge('Bearer error="invalid_token"');
      throw AuthErrors.create('TOKEN_INVALID', { nl: 'Dit clienttoken is niet meer geldig (de client is ingetrokken of het geheim is vervangen). Haal een nieuw token op.', en: 'This client token is no longer valid (the client was revoked or its secret rotated). Get a new token.' });
    }
    const { client } = found;
    return {
      rateLimitSubject: `client:${client.id}`,
      actor: {
        kind: 'client',
        professionalId: client.principalId,
        clientId: client.id,
        scopes: claims.scopes.filter((s) => client.scopes.includes(s)),
        tenantId: client.tenantId,
        organisationId: client.organisationId,
        roles: [],
      },
    };
  }

  authorize(principal: ResolvedPrincipal, route: RouteDemand, challenge: Challenge): DomainError | undefined {
    const required = requiredClientScope(routeKey(route.method, route.controllerPath, route.handlerPath));
    if (!required) {
      return AuthErrors.create('NOT_AVAILABLE_TO_CLIENTS', { nl: 'API-clients kunnen deze route niet gebruiken. Zie de API-documentatie voor partners voor de routes die voor clients open staan.', en: 'API clients cannot use this route. See the partner API documentation for the routes open to clients.' });
    }
    if (!(principal.actor.scopes ?? []).includes(required)) {
      challenge(`Bearer error="insufficient_scope", scope="${required}"`);
      return AuthErrors.create('INSUFFICIENT_SCOPE', { nl: `Deze route vereist de scope ${required}. Vraag een token aan met deze scope (de client moet die toegekend hebben gekregen).`, en: `This route needs the scope ${required}. Request a token with it (the client must have been granted it).` }, {
        requiredScope: required,
      });
    }
    return undefined;
  }
}
