import type { DomainError } from '../common/domain-error.js';
import type { Actor } from '../common/request-context.js';
import type { Role } from '../common/roles.js';

/**
 * The port through which the auth guard learns who a bearer token's subject is, without knowing any feature:
 * professionals (src/professionals) and partner API clients (src/api-clients) implement it, and the composition
 * root (app.module.ts) hands the implementations to `AuthModule.forRoot`. Resolvers read the database as system
 * work (the tenant is not known yet) and answer with the actor the request will act as.
 */
export interface PrincipalResolver {
  /**
   * Whether this resolver verifies the token (unverified peek at its issuer; it only picks the path). Only
   * resolvers of Eenplan's own issuers are asked; the identity provider's resolver takes every other token.
   */
  claims(token: string): boolean;
  /** Verifies the token and loads its subject; a refusal is a DomainError (401), with a challenge for the client. */
  resolve(token: string, challenge: Challenge): Promise<ResolvedPrincipal>;
  /** Whether the principal may call this route; the refusal (403) or undefined. */
  authorize(principal: ResolvedPrincipal, route: RouteDemand, challenge: Challenge): DomainError | undefined;
}

export interface ResolvedPrincipal {
  actor: Actor;
  /** What the rate limiter counts the request against (never personal data: an id). */
  rateLimitSubject: string;
}

/** What the route asks for: its HTTP method and path templates, and the roles of its `@Roles` (if any). */
export interface RouteDemand {
  method: string;
  controllerPath: string;
  handlerPath: string;
  roles?: Role[];
}

/** Sets the response's `WWW-Authenticate` header (RFC 6750 §3), for resolvers whose callers are OAuth clients. */
export type Challenge = (wwwAuthenticate: string) => void;

/** The resolvers of Eenplan's own token issuers, tried in order by `claims`. */
export const ISSUER_PRINCIPAL_RESOLVERS = Symbol('ISSUER_PRINCIPAL_RESOLVERS');
/** The resolver of the identity provider's tokens: every token no issuer resolver claimed (and no operator's). */
export const IDENTITY_PROVIDER_PRINCIPAL_RESOLVER = Symbol('IDENTITY_PROVIDER_PRINCIPAL_RESOLVER');

/**
 * The port through which the guard records a platform operator refused at the API (the operations log owns
 * the record; src/operations implements this).
 */
export interface OperatorRefusalRecorder {
  recordRefusal(refusal: { subject: string; method: string; path: string; requestId?: string; sourceAddress?: string }): Promise<void>;
}
export const OPERATOR_REFUSAL_RECORDER = Symbol('OPERATOR_REFUSAL_RECORDER');
