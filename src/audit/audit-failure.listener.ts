import { HttpException, Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { householdOfError } from '../access/access.errors.js';
import { DomainError } from '../common/domain-error.js';
import { ACTOR_KEY } from '../common/request-context.js';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { AuditContext } from './audit-context.js';
import { AuditTrail } from './audit-trail.service.js';

/**
 * Records denials: a 403, or a 404 that hid a household (HOUSEHOLD_NOT_FOUND); and a 404 the route declares an
 * answer about a visible record (`answeredNotFound`, e.g. "no BSN on record"). Called after the request's
 * transaction rolled back, so the event gets a transaction of its own. Other failures (validation, conflicts)
 * disclosed nothing and are not audited.
 */
@Injectable()
export class AuditFailureListener extends RequestFailureListener {
  private readonly logger = new Logger('AuditTrail');

  constructor(
    private readonly cls: ClsService,
    private readonly context: AuditContext,
    private readonly trail: AuditTrail,
  ) {
    super();
  }

  async onRequestFailed(error: unknown): Promise<void> {
    if (!this.cls.isActive() || !this.cls.get(ACTOR_KEY)) return;
    const status = error instanceof DomainError ? error.status : error instanceof HttpException ? error.getStatus() : undefined;
    const household = householdOfError(error);
    const audit = this.context.current();
    const answered = status === 404 && error instanceof DomainError && audit?.spec.answeredNotFound?.includes(error.code) ? this.trail.draftForAnsweredNotFound(audit) : undefined;
    const denied = status === 403 || (status === 404 && household !== undefined);
    if (!denied && !answered) return;
    try {
      await this.trail.appendAlone([answered ?? this.trail.draftForDenial(audit, household, status!)]);
    } catch (failure) {
      // the caller still gets the 403/404; the failed write is logged (error class only) for operations to see
      this.logger.error({ error: failure instanceof Error ? failure.name : typeof failure }, 'Could not record a denial in the audit trail');
    }
  }
}
