import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, type Observable } from 'rxjs';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { AuditContext } from '../audit/audit-context.js';
import { AUDIT_SPEC_KEY } from '../audit/audit.decorators.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import type { AuditSpec } from '../audit/audit.types.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import type { StoredAnswer } from './idempotency.repository.js';
import { replayOf } from './replay.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers an Idempotency-Key replay in place of the handler. It must run innermost — inside the request
 * transaction and the audit collector (its module is imported after AuditModule) — so that a replay is treated
 * like a read of what the first answer holds:
 * - the caller must still be allowed to see every household the answer concerns (the same need-to-know rule as
 *   GET): a coordinator who handed the case over, a professional whose link ended, get 404 exactly as for a
 *   household they never saw, and the denial is audited like any other;
 * - an allowed replay is audited as a `read` of the route's resource, with its own request id (the `create` or
 *   `update` event stays with the one request that did it);
 * - an answer that showed a secret was never kept: 409, with the Location of what was made.
 */
@Injectable()
export class IdempotentReplayInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
    private readonly audit: AuditContext,
    private readonly trail: AuditTrail,
    private readonly tx: TransactionHost,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const replay = replayOf(execution.switchToHttp().getRequest<Request>());
    if (!replay) return next.handle();
    return from(this.answer(execution, replay));
  }

  private async answer(execution: ExecutionContext, replay: StoredAnswer): Promise<unknown> {
    // fail loudly rather than check access outside the caller's tenant transaction (it would see nothing)
    if (!this.tx.inTransaction) throw new Error('IdempotentReplayInterceptor must run inside the request transaction');
    const request = execution.switchToHttp().getRequest<Request>();
    const response = execution.switchToHttp().getResponse<Response>();
    if (replay.location) response.setHeader('Location', replay.location);
    if (replay.withheld) {
      throw IdempotencyErrors.create(
        'IDEMPOTENCY_SECRET_NOT_REPLAYED',
        {
          nl:
            'Het verzoek met deze Idempotency-Key is gelukt en wordt niet herhaald. Het antwoord toonde een geheim, dat maar één keer wordt getoond en nooit wordt bewaard. ' +
            'Hebt u het niet bewaard, vervang dan het geheim van wat is aangemaakt (de Location-header noemt het) om een nieuw geheim te krijgen.',
          en:
            'The request with this Idempotency-Key succeeded and is not repeated. Its answer showed a secret, which is shown only once and never stored. ' +
            'If you did not keep it, rotate the secret of what was made (the Location header names it) to get a new one.',
        },
      );
    }
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC_KEY, execution.getHandler());
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const households = spec
      ? this.trail.householdsConcerned(spec, { params, result: replay.body })
      : [params.householdId].filter((id): id is string => id !== undefined && UUID.test(id));
    const bases = await this.access.legalBases(households);
    for (const householdId of households) {
      const basis = bases.get(householdId);
      if (!basis) throw householdNotFound(householdId);
      this.audit.noteAccess(householdId, basis);
    }
    this.audit.actionIs('read');
    response.setHeader('Idempotent-Replayed', 'true');
    if (replay.etag) response.setHeader('ETag', replay.etag);
    response.status(replay.status!);
    return replay.body;
  }
}
