import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ACTOR_KEY } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { AuditContext } from './audit-context.js';
import { AUDIT_SPEC_KEY } from './audit.decorators.js';
import { AuditTrail } from './audit-trail.service.js';
import type { AuditSpec } from './audit.types.js';

/**
 * Runs inside the request transaction (registered after RequestTransactionModule): opens the request's audit
 * collector, and once the handler succeeded turns the result into events and queues their flush as the
 * transaction's last step — the events commit with the work or not at all.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
    private readonly context: AuditContext,
    private readonly trail: AuditTrail,
    private readonly tx: TransactionHost,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC_KEY, execution.getHandler());
    if (!spec || !this.cls.isActive() || !this.cls.get(ACTOR_KEY)) return next.handle();
    const audit = this.context.start(spec);
    return from(
      (async () => {
        const result = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
        const drafts = await this.trail.draftsForSuccess(audit, result, this.statusOf(execution));
        this.tx.beforeCommit(() => this.trail.append(drafts));
        return result;
      })(),
    );
  }

  /** The status the response gets: what a handler using @Res() set, else @HttpCode, else Nest's default. */
  private statusOf(execution: ExecutionContext): number {
    const response = execution.switchToHttp().getResponse<Response>();
    if (response.headersSent) return response.statusCode;
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, execution.getHandler());
    return declared ?? (execution.switchToHttp().getRequest<Request>().method === 'POST' ? 201 : 200);
  }
}
