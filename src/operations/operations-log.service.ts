import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { OperationsActorKind } from './entities/operations-log-entry.entity.js';
import { OperationsLogRepository } from './operations-log.repository.js';

export interface OperationsLogInput {
  actorKind: OperationsActorKind;
  actorId: string;
  actorTenantId?: string | null;
  action: string;
  method: string;
  path: string;
  targetTenantId?: string | null;
  queue?: string | null;
  jobId?: string | null;
  requestId?: string | null;
  sourceAddress?: string | null;
}

/**
 * The platform-scope audit trail: operator actions and refusals at the operator boundary. An operator has no
 * tenant, so these cannot go into a municipality's hash-chained audit trail (and must not: a municipality's
 * trail is about its own data). Written as system work, in transactions of its own, never inside a tenant's.
 */
@Injectable()
export class OperationsLogService {
  constructor(
    private readonly log: OperationsLogRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Before an action runs: the entry exists even if the process dies during the action. Returns its id. */
  begin(input: OperationsLogInput): Promise<string> {
    return this.tx.runAsSystem(() => this.log.insert(this.values(input, null)));
  }

  /** After the action: its HTTP status. */
  finish(id: string, httpStatus: number): Promise<void> {
    return this.tx.runAsSystem(() => this.log.setStatus(id, httpStatus));
  }

  /** Inside the caller's own system transaction (a municipality created by the CLI): logged with the change or not at all. */
  async recordWithin(input: OperationsLogInput): Promise<void> {
    if (!this.tx.isSystem || !this.tx.inTransaction) throw new Error('recordWithin needs an open system transaction');
    await this.log.insert(this.values(input, null));
  }

  /** Something that already has its answer (a refusal). */
  async record(input: OperationsLogInput, httpStatus: number): Promise<void> {
    await this.tx.runAsSystem(() => this.log.insert(this.values(input, httpStatus)));
  }

  private values(input: OperationsLogInput, httpStatus: number | null) {
    return {
      occurredAt: this.clock.now(),
      actorKind: input.actorKind,
      actorId: input.actorId.slice(0, 255),
      actorTenantId: input.actorTenantId ?? null,
      action: input.action.slice(0, 64),
      method: input.method.slice(0, 8),
      path: input.path.slice(0, 300),
      targetTenantId: input.targetTenantId ?? null,
      queue: input.queue?.slice(0, 64) ?? null,
      jobId: input.jobId?.slice(0, 200) ?? null,
      httpStatus,
      requestId: input.requestId?.slice(0, 100) ?? null,
      sourceAddress: input.sourceAddress?.slice(0, 64) ?? null,
    };
  }
}
