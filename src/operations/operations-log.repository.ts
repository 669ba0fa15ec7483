import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../database/transaction-host.js';
import { OperationsLogEntryEntity } from './entities/operations-log-entry.entity.js';

export type OperationsLogValues = Omit<OperationsLogEntryEntity, 'id'>;

/** The operations log belongs to no tenant: only system work (the worker role) may write or read it. */
@Injectable()
export class OperationsLogRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.manager.getRepository(OperationsLogEntryEntity);
  }

  async insert(values: OperationsLogValues): Promise<string> {
    const result = await this.repo.insert(values);
    return (result.identifiers[0] as { id: string }).id;
  }

  /** Fills in the answer of an entry written before the action ran (the database allows this once). */
  async setStatus(id: string, httpStatus: number): Promise<void> {
    await this.repo.createQueryBuilder().update().set({ httpStatus }).where('id = :id AND http_status IS NULL', { id }).execute();
  }
}
