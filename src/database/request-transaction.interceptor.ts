import { Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { ACTOR_KEY } from '../common/request-context.js';
import { TransactionHost } from './transaction-host.js';

/**
 * Told about a request that failed, after its transaction rolled back — so a denial can still be recorded in a
 * transaction of its own (the audit trail implements it).
 */
export abstract class RequestFailureListener {
  abstract onRequestFailed(error: unknown): Promise<void>;
}

/**
 * One transaction per authenticated request: every read and write of the request runs in it, as the
 * row-level-security role with the caller's tenant, and whatever must be written alongside (audit events) is
 * written in it before it commits. Registered after the Idempotency-Key interceptor, whose claim and answer need
 * their own transactions. Public routes (no actor) are left alone.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly tx: TransactionHost,
    private readonly cls: ClsService,
    @Optional() private readonly failureListener?: RequestFailureListener,
  ) {}

  intercept(_execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.cls.isActive() || !this.cls.get(ACTOR_KEY)) return next.handle();
    return from(this.handle(next));
  }

  private async handle(next: CallHandler): Promise<unknown> {
    try {
      return await this.tx.run(() => lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined }));
    } catch (error) {
      if (this.failureListener) await this.failureListener.onRequestFailed(error);
      throw error;
    }
  }
}
