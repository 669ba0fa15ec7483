import { Injectable, Optional, RequestMethod, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiClientsRepository } from '../api-clients/api-clients.repository.js';
import { ClientTokenService } from '../api-clients/client-token.service.js';
import { requiredClientScope, routeKey } from '../api-clients/client-routes.js';
import { DomainError } from '../common/domain-error.js';
import { RequestContext } from '../common/request-context.js';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { TransactionHost } from '../database/transaction-host.js';
import { RATE_LIMIT_SUBJECT } from '../rate-limit/rate-limit.guard.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import type { Role } from '../professionals/roles.js';
import { AuthErrors } from './auth.errors.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { TokenService } from './token.service.js';
import { OperatorAuthenticator } from './operator-authenticator.js';
import { OperationsLogService } from '../operations/operations-log.service.js';

/**
 * Every route needs a valid bearer token unless marked @Public. The token only says who; tenant, organisation
 * and roles are read from the database on each request, so a deactivated professional is out at once.
 *
 * Two kinds of token: professionals' (from the identity provider) and partner API clients' (issued by
 * POST /oauth/token, their own issuer). A client is loaded on every request too — revoked, rotated or with its
 * service principal deactivated, its token stops working at once — and may call only the routes of the client
 * allowlist (src/api-clients/client-routes.ts) for which its token carries the scope. @Roles applies to
 * professionals; clients have no roles.
 *
 * A platform operator's token (the operators' audience) is refused on every route that needs a token, before any
 * tenant is known: operators have no tenant and never become the request's actor, so no request transaction and
 * no row-level-security scope is ever opened for them. The refusal goes to the operations log.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly clientTokens: ClientTokenService,
    private readonly professionals: ProfessionalsRepository,
    private readonly clients: ApiClientsRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly operators: OperatorAuthenticator,
    private readonly operationsLog: OperationsLogService,
    @Optional() private readonly failureListener?: RequestFailureListener,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = execution.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AuthErrors.create('TOKEN_MISSING', 'Send "Authorization: Bearer <token>". In development: npm run --silent token -- --email <email>.');

    if (this.clientTokens.isClientToken(match[1]!)) return this.admitClient(execution, request, match[1]!);
    if (this.operators.isOperatorToken(match[1]!)) return this.refuseOperator(request, match[1]!);

    const subject = await this.tokens.verify(match[1]!);
    // before the tenant is known: a lookup across tenants, as system work
    const professional = await this.tx.runAsSystem(() => this.professionals.findActiveBySubject(subject));
    if (!professional) throw AuthErrors.create('UNKNOWN_SUBJECT', 'The token is valid but belongs to no active professional in Eenplan. Ask your administrator.');
    (request as unknown as Record<symbol, unknown>)[RATE_LIMIT_SUBJECT] = professional.id;
    this.context.setActor({
      kind: 'professional',
      professionalId: professional.id,
      tenantId: professional.tenantId,
      organisationId: professional.organisationId,
      roles: professional.roles,
    });

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !professional.roles.some((role) => required.includes(role))) {
      return this.deny(AuthErrors.create('ROLE_REQUIRED', `This requires one of the roles: ${required.join(', ')}.`));
    }
    return true;
  }

  /** A denial after the caller is known is audited, even though no interceptor (and no request transaction) runs. */
  private async deny(error: DomainError): Promise<never> {
    await this.failureListener?.onRequestFailed(error);
    throw error;
  }

  /** An operator's token never opens a municipality's API: 403 for an operator (logged), 401 for anything else. */
  private async refuseOperator(request: Request, token: string): Promise<never> {
    const operator = await this.operators.authenticate(token).catch(() => {
      throw AuthErrors.create('TOKEN_INVALID', 'This token is for the operators\' audience, not for the Eenplan API. Get a token for the API from your identity provider.');
    });
    await this.operationsLog.record(
      {
        actorKind: 'operator',
        actorId: operator.subject,
        action: 'api.denied',
        method: request.method,
        path: request.originalUrl.split('?')[0]!,
        requestId: this.context.requestId,
        sourceAddress: request.ip,
      },
      403,
    );
    throw AuthErrors.create('NOT_AVAILABLE_TO_OPERATORS', 'Platform operators run the service and have no access to municipalities\' data. Use the queue dashboard (/admin/queues) and the tenant CLI.');
  }

  private async admitClient(execution: ExecutionContext, request: Request, token: string): Promise<boolean> {
    const response = execution.switchToHttp().getResponse<Response>();
    const claims = await this.clientTokens.verify(token).catch((error: unknown) => {
      // RFC 6750 §3: tell an OAuth client its token is no good
      if (error instanceof DomainError) response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw error;
    });
    // before the tenant is known: a lookup across tenants, as system work
    const found = await this.tx.runAsSystem(() => this.clients.findForAuth(claims.clientId));
    if (!found || found.client.revokedAt !== null || found.client.secretGeneration !== claims.generation || !found.principalActive) {
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw AuthErrors.create('TOKEN_INVALID', 'This client token is no longer valid (the client was revoked or its secret rotated). Get a new token.');
    }
    const { client } = found;
    const scopes = claims.scopes.filter((s) => client.scopes.includes(s));
    (request as unknown as Record<symbol, unknown>)[RATE_LIMIT_SUBJECT] = `client:${client.id}`;
    this.context.setActor({
      kind: 'client',
      professionalId: client.principalId,
      clientId: client.id,
      scopes,
      tenantId: client.tenantId,
      organisationId: client.organisationId,
      roles: [],
    });

    const route = this.routeOf(execution);
    const required = requiredClientScope(route);
    if (!required) {
      return this.deny(AuthErrors.create('NOT_AVAILABLE_TO_CLIENTS', 'API clients cannot use this route. See the partner API documentation for the routes open to clients.'));
    }
    if (!(scopes as string[]).includes(required)) {
      response.setHeader('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${required}"`);
      return this.deny(
        AuthErrors.create('INSUFFICIENT_SCOPE', `This route needs the scope ${required}. Request a token with it (the client must have been granted it).`, {
          requiredScope: required,
        }),
      );
    }
    return true;
  }

  /** "GET /households/:householdId": the route template from the controller's and handler's metadata. */
  private routeOf(execution: ExecutionContext): string {
    const handler = execution.getHandler();
    const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler) ?? RequestMethod.GET;
    const paths = [this.reflector.get<string | string[] | undefined>(PATH_METADATA, execution.getClass()), this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler)];
    return routeKey(RequestMethod[method], ...paths.map((p) => (Array.isArray(p) ? (p[0] ?? '') : (p ?? ''))));
  }
}
