import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RequestContext } from '../common/request-context.js';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { TransactionHost } from '../database/transaction-host.js';
import { RATE_LIMIT_SUBJECT } from '../rate-limit/rate-limit.guard.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import type { Role } from '../professionals/roles.js';
import { AuthErrors } from './auth.errors.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { TokenService } from './token.service.js';

/**
 * Every route needs a valid bearer token unless marked @Public. The token only says who; tenant, organisation
 * and roles are read from the database on each request, so a deactivated professional is out at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly professionals: ProfessionalsRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    @Optional() private readonly failureListener?: RequestFailureListener,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = execution.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw AuthErrors.create('TOKEN_MISSING', 'Send "Authorization: Bearer <token>". In development: npm run --silent token -- --email <email>.');

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
      const denied = AuthErrors.create('ROLE_REQUIRED', `This requires one of the roles: ${required.join(', ')}.`);
      // a denial is audited even when no interceptor (and so no request transaction) ever ran
      await this.failureListener?.onRequestFailed(denied);
      throw denied;
    }
    return true;
  }
}
