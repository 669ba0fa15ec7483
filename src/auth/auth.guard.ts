import { Inject, Injectable, Optional, RequestMethod, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error.js';
import { RequestContext } from '../common/request-context.js';
import type { Role } from '../common/roles.js';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { RATE_LIMIT_SUBJECT } from '../rate-limit/rate-limit.guard.js';
import { AuthErrors } from './auth.errors.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { OperatorAuthenticator } from './operator-authenticator.js';
import {
  IDENTITY_PROVIDER_PRINCIPAL_RESOLVER,
  ISSUER_PRINCIPAL_RESOLVERS,
  OPERATOR_REFUSAL_RECORDER,
  type OperatorRefusalRecorder,
  type PrincipalResolver,
  type RouteDemand,
} from './principal-resolver.js';

/**
 * Every route needs a valid bearer token unless marked @Public. The token only says who; tenant, organisation
 * and roles (or a client's scopes) are read from the database on each request, through the `PrincipalResolver`
 * port that the features behind the tokens implement (src/professionals, src/api-clients): auth knows no feature.
 *
 * Tokens of Eenplan's own issuers (partner API clients', from POST /oauth/token) are recognised by their issuer;
 * every other token is the identity provider's (professionals). Each resolver also says whether its principal may
 * call the route (@Roles for professionals, the client allowlist and scopes for clients).
 *
 * A platform operator's token (the operators' audience) is refused on every route that needs a token, before any
 * tenant is known: operators have no tenant and never become the request's actor, so no request transaction and
 * no row-level-security scope is ever opened for them. The refusal goes to the operations log (through its port).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ISSUER_PRINCIPAL_RESOLVERS) private readonly issuerResolvers: PrincipalResolver[],
    @Inject(IDENTITY_PROVIDER_PRINCIPAL_RESOLVER) private readonly identityProvider: PrincipalResolver,
    private readonly context: RequestContext,
    private readonly operators: OperatorAuthenticator,
    @Inject(OPERATOR_REFUSAL_RECORDER) private readonly operatorRefusals: OperatorRefusalRecorder,
    @Optional() private readonly failureListener?: RequestFailureListener,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = execution.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AuthErrors.create('TOKEN_MISSING', { nl: 'Stuur "Authorization: Bearer <token>" mee. In ontwikkeling: npm run --silent token -- --email <email>.', en: 'Send "Authorization: Bearer <token>". In development: npm run --silent token -- --email <email>.' });
    const token = match[1]!;

    const issuer = this.issuerResolvers.find((resolver) => resolver.claims(token));
    if (!issuer && this.operators.isOperatorToken(token)) return this.refuseOperator(request, token);
    return this.admit(issuer ?? this.identityProvider, execution, request, token);
  }

  private async admit(resolver: PrincipalResolver, execution: ExecutionContext, request: Request, token: string): Promise<boolean> {
    const response = execution.switchToHttp().getResponse<Response>();
    const challenge = (value: string) => void response.setHeader('WWW-Authenticate', value);
    const principal = await resolver.resolve(token, challenge);
    (request as unknown as Record<symbol, unknown>)[RATE_LIMIT_SUBJECT] = principal.rateLimitSubject;
    this.context.setActor(principal.actor);
    const refusal = resolver.authorize(principal, this.routeOf(execution), challenge);
    return refusal ? this.deny(refusal) : true;
  }

  /** A denial after the caller is known is audited, even though no interceptor (and no request transaction) runs. */
  private async deny(error: DomainError): Promise<never> {
    await this.failureListener?.onRequestFailed(error);
    throw error;
  }

  /** An operator's token never opens a municipality's API: 403 for an operator (logged), 401 for anything else. */
  private async refuseOperator(request: Request, token: string): Promise<never> {
    const operator = await this.operators.authenticate(token).catch(() => {
      throw AuthErrors.create('TOKEN_INVALID', {
        nl: 'Dit token is voor de doelgroep van de platformbeheerders, niet voor de Eenplan-API. Haal een token voor de API op bij uw identiteitsprovider.',
        en: 'This token is for the operators\' audience, not for the Eenplan API. Get a token for the API from your identity provider.',
      });
    });
    await this.operatorRefusals.recordRefusal({
      subject: operator.subject,
      method: request.method,
      path: request.originalUrl.split('?')[0]!,
      requestId: this.context.requestId,
      sourceAddress: request.ip,
    });
    throw AuthErrors.create('NOT_AVAILABLE_TO_OPERATORS', { nl: 'Platformbeheerders draaien de dienst en hebben geen toegang tot gegevens van gemeenten. Gebruik het wachtrijdashboard (/admin/queues) en de tenant-CLI.', en: 'Platform operators run the service and have no access to municipalities\' data. Use the queue dashboard (/admin/queues) and the tenant CLI.' });
  }

  /** Per handler: its metadata does not change after boot, so it is read once, not on every request. */
  private readonly routes = new WeakMap<object, RouteDemand>();

  /** The route's method and path templates from the controller's and handler's metadata, and its `@Roles`. */
  private routeOf(execution: ExecutionContext): RouteDemand {
    const handler = execution.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      route = this.readRoute(execution);
      this.routes.set(handler, route);
    }
    return route;
  }

  private readRoute(execution: ExecutionContext): RouteDemand {
    const handler = execution.getHandler();
    const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler) ?? RequestMethod.GET;
    const [controllerPath, handlerPath] = [this.reflector.get<string | string[] | undefined>(PATH_METADATA, execution.getClass()), this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler)].map((p) =>
      Array.isArray(p) ? (p[0] ?? '') : (p ?? ''),
    );
    return {
      method: RequestMethod[method],
      controllerPath: controllerPath!,
      handlerPath: handlerPath!,
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, execution.getClass()]),
    };
  }
}
