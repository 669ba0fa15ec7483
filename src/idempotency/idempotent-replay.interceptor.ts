import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { AuditContext } from '../audit/audit-context.js';
import { AUDIT_SPEC_KEY } from '../audit/audit.decorators.js';
import { AuditTrail } from '../audit/audit-trail.service.js';
import type { AuditSpec } from '../audit/audit.types.js';
import { TransactionHost } from '../database/transaction-host.js';
import { IdempotencyErrors } from './idempotency.errors.js';
import type { StoredAnswer } from './idempotency.repository.js';
import { noteAnswerScope, replayOf } from './replay.js';

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
    const request = execution.switchToHttp().getRequest<Request>();
    const replay = replayOf(request);
    if (replay) return from(this.answer(execution, replay));
    // a first answer that will be kept for replays: note what of its households the caller sees now
    if (request.method !== 'POST' || request.headers['idempotency-key'] === undefined || !this.tx.inTransaction) return next.handle();
    return from(
      (async () => {
        const result: unknown = await lastValueFrom(next.handle() as Observable<unknown>, { defaultValue: undefined });
        noteAnswerScope(request, await this.scopeKey(this.householdsOf(execution, result)));
        return result;
      })(),
    );
  }

  /** The households an answer concerns: by the route's audit spec, else its `householdId` path parameter. */
  private householdsOf(execution: ExecutionContext, result: unknown): string[] {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC_KEY, execution.getHandler());
    const params = (execution.switchToHttp().getRequest<Request>().params ?? {}) as Record<string, string | undefined>;
    return spec ? this.trail.householdsConcerned(spec, { params, result }) : [params.householdId].filter((id): id is string => id !== undefined && UUID.test(id));
  }

  /**
   * What the caller sees of these households (purpose limitation), as a key to compare: the whole case, or the
   * fences of each standing link. A replay is served only while it is the same as for the first answer — a partner
   * whose link was narrowed since must not get back a member or a domain it may no longer see.
   */
  private async scopeKey(households: string[]): Promise<string> {
    const scopes = await this.access.readerScopes(households);
    return JSON.stringify(
      [...new Set(households)].sort().map((id) => {
        const scope = scopes.get(id);
        if (!scope) return [id, null];
        return [id, scope.full ? 'full' : scope.grants.map((g) => canonical(g.fences)).sort()];
      }),
    );
  }

  private async answer(execution: ExecutionContext, replay: StoredAnswer): Promise<unknown> {
    // fail loudly rather than check access outside the caller's tenant transaction (it would see nothing)
    if (!this.tx.inTransaction) throw new Error('IdempotentReplayInterceptor must run inside the request transaction');
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
    const households = this.householdsOf(execution, replay.body);
    const bases = await this.access.legalBases(households);
    for (const householdId of households) {
      const basis = bases.get(householdId);
      if (!basis) throw householdNotFound(householdId);
      this.audit.noteAccess(householdId, basis);
    }
    if ((await this.scopeKey(households)) !== replay.readerScope) {
      throw IdempotencyErrors.create('IDEMPOTENCY_SCOPE_CHANGED', {
        nl:
          'Het verzoek met deze Idempotency-Key is gelukt en wordt niet herhaald: wat u van dit huishouden mag zien is sindsdien veranderd, ' +
          'dus het eerste antwoord kan meer tonen dan nu mag. Lees wat is aangemaakt op het adres in de Location-header.',
        en:
          'The request with this Idempotency-Key succeeded and is not repeated: what you may see of this household has changed since, ' +
          'so the first answer could show more than you may see now. Read what was made at the address in the Location header.',
      });
    }
    this.audit.actionIs('read');
    response.setHeader('Idempotent-Replayed', 'true');
    if (replay.etag) response.setHeader('ETag', replay.etag);
    response.status(replay.status!);
    return replay.body;
  }
}

/** A value as JSON with its object keys sorted and its arrays of strings sorted: the same fences, the same text. */
function canonical(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(sorted);
      return items.every((i) => typeof i === 'string') ? [...(items as string[])].sort() : items;
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)]));
    return v;
  };
  return JSON.stringify(sorted(value));
}
