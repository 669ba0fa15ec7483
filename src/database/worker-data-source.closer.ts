import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WORKER_DATA_SOURCE } from './transaction-host.js';

/** Closes the worker pool with the application (the main pool is closed by TypeOrmModule). */
@Injectable()
export class WorkerDataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(WORKER_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
