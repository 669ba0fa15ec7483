import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource, type EntityManager } from 'typeorm';

const TX_KEY = 'transactionManager';

/**
 * Services open transactions (`run`); repositories use `manager`, which is the open transaction's manager
 * when there is one. Nested `run` calls join the outer transaction, so one change is one transaction.
 */
@Injectable()
export class TransactionHost {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  get manager(): EntityManager {
    const tx = this.cls.isActive() ? this.cls.get<EntityManager | undefined>(TX_KEY) : undefined;
    return tx ?? this.dataSource.manager;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.cls.isActive() && this.cls.get(TX_KEY)) return work();
    return this.cls.run({ ifNested: 'inherit' }, () =>
      this.dataSource.transaction(async (manager) => {
        this.cls.set(TX_KEY, manager);
        try {
          return await work();
        } finally {
          this.cls.set(TX_KEY, undefined);
        }
      }),
    );
  }
}
