import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { Role } from './roles.js';
import { CommonErrors } from './domain-error.js';

/**
 * Who is acting. Tenant, organisation and roles come from the database, not from the token.
 * A partner API client acts as its organisation through its own service principal — a professional row that
 * belongs to the client, never signs in and is not listed — so `professionalId` is always set and every
 * "done by" column keeps pointing at a professional; `clientId` and `scopes` say it was a client.
 */
export interface Actor {
  kind: 'professional' | 'client';
  professionalId: string;
  clientId?: string;
  scopes?: string[];
  tenantId: string;
  organisationId: string;
  roles: Role[];
}

/**
 * A platform operator (SPEC, second round): runs the service — queues, dead letters, municipalities — and never
 * sees case data. Deliberately NOT an Actor: it has no tenant, organisation or roles, is never stored in the
 * request context, and so can never open a request transaction or pass row-level security into a municipality's
 * data. Only the operators' tools (the queue dashboard) know this type; the API's guard refuses operators.
 */
export interface PlatformOperator {
  kind: 'operator';
  /** The `sub` of the operator's token, listed in PLATFORM_OPERATOR_SUBJECTS. */
  subject: string;
}

/** Symbols: nestjs-cls reads and writes a string key as a dotted path (split and walked on every call). */
export const ACTOR_KEY = Symbol('eenplan:actor');
const MEMO_KEY = Symbol('eenplan:memo');

@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService) {}

  get actor(): Actor {
    const actor = this.cls.isActive() ? this.cls.get<Actor | undefined>(ACTOR_KEY) : undefined;
    if (!actor) {
      throw CommonErrors.create('UNAUTHENTICATED', {
        nl: 'Stuur een bearer-token mee in de Authorization-header.',
        en: 'Send a bearer token in the Authorization header.',
      });
    }
    return actor;
  }

  setActor(actor: Actor): void {
    this.cls.set(ACTOR_KEY, actor);
  }

  get requestId(): string | undefined {
    return this.cls.isActive() ? this.cls.getId() : undefined;
  }

  /**
   * A value computed once per request under `key` (e.g. the caller's scope of one household), so every reader of
   * the request uses the same answer without asking the database again. Outside a request it is computed each time.
   */
  async once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.cls.isActive()) return compute();
    const memo = this.cls.get<Map<string, Promise<unknown>> | undefined>(MEMO_KEY) ?? new Map<string, Promise<unknown>>();
    this.cls.set(MEMO_KEY, memo);
    const known = memo.get(key) as Promise<T> | undefined;
    if (known) return known;
    const value = compute();
    memo.set(key, value);
    value.catch(() => memo.delete(key));
    return value;
  }

  /** Remembers `value` under `key` as if `once` had computed it (a read that learnt it along the way). */
  remember<T>(key: string, value: T): void {
    if (!this.cls.isActive()) return;
    const memo = this.cls.get<Map<string, Promise<unknown>> | undefined>(MEMO_KEY) ?? new Map<string, Promise<unknown>>();
    this.cls.set(MEMO_KEY, memo);
    memo.set(key, Promise.resolve(value));
  }

  /** What `once` or `remember` holds under `key`, without computing anything (undefined: nothing). */
  recall<T>(key: string): Promise<T> | undefined {
    const memo = this.cls.isActive() ? this.cls.get<Map<string, Promise<unknown>> | undefined>(MEMO_KEY) : undefined;
    return memo?.get(key) as Promise<T> | undefined;
  }

  /** Forgets what `once` remembered under keys starting with `prefix` (after a change that alters it). */
  forget(prefix: string): void {
    const memo = this.cls.isActive() ? this.cls.get<Map<string, Promise<unknown>> | undefined>(MEMO_KEY) : undefined;
    for (const key of memo?.keys() ?? []) if (key.startsWith(prefix)) memo!.delete(key);
  }

  hasRole(...roles: Role[]): boolean {
    return this.actor.roles.some((r) => roles.includes(r));
  }
}
