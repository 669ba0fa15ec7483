import { Injectable } from '@nestjs/common';
import { CLS_REQ, ClsService } from 'nestjs-cls';
import { AccessNotes } from '../common/legal-basis.js';
import type { AccessBasis, AuditSpec } from './audit.types.js';

const AUDIT_KEY = Symbol('eenplan:audit');

/** What one request has gathered for its audit events so far. */
export interface RequestAudit {
  spec: AuditSpec;
  /** Households the access checks let through, with the legal basis each check used. */
  bases: Map<string, AccessBasis>;
  /** Households a handler reported itself (a streamed export). */
  households: Set<string>;
}

/**
 * The request's audit collector. It lives on the request object (reached through CLS) rather than in a CLS key,
 * because the request transaction runs in a nested CLS context: the failure listener, which runs after that
 * context ended, must still see what the access checks noted.
 */
@Injectable()
export class AuditContext extends AccessNotes {
  constructor(private readonly cls: ClsService) {
    super();
  }

  start(spec: AuditSpec): RequestAudit {
    const audit: RequestAudit = { spec, bases: new Map(), households: new Set() };
    const request = this.request();
    if (request) request[AUDIT_KEY] = audit;
    return audit;
  }

  current(): RequestAudit | undefined {
    return this.request()?.[AUDIT_KEY] as RequestAudit | undefined;
  }

  /** Called by the access checks: this household was visible, on this basis. The first basis noted wins. */
  noteAccess(householdId: string, basis: AccessBasis): void {
    const audit = this.current();
    if (audit && !audit.bases.has(householdId)) audit.bases.set(householdId, basis);
  }

  /** One handler, two kinds of answer (a page as JSON, or the whole list as CSV — an export). */
  actionIs(action: AuditSpec['action']): void {
    const audit = this.current();
    if (audit) audit.spec = { ...audit.spec, action };
  }

  /** For handlers whose result the interceptor cannot see (streamed CSV): these households were disclosed. */
  concernsHousehold(householdId: string): void {
    this.current()?.households.add(householdId);
  }

  private request(): Record<symbol, unknown> | undefined {
    return this.cls.isActive() ? this.cls.get<Record<symbol, unknown> | undefined>(CLS_REQ) : undefined;
  }
}
