import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { APP_ROLE, TransactionHost, WORKER_DATA_SOURCE, WORKER_ROLE } from './transaction-host.js';
import { WorkerDataSourceCloser } from './worker-data-source.closer.js';

/** The database URL is resolved before Nest starts (embedded server or DATABASE_URL), see bootstrap. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = dataSourceOptions(config.databaseUrl!);
        // every pooled connection starts as the row-level-security role; transactions then narrow it to a
        // tenant or widen it to the worker role (TransactionHost). Migrations use their own connections.
        return { ...options, extra: { ...options.extra, options: `-c role=${APP_ROLE}` }, migrationsRun: false } as DataSourceOptions;
      },
    }),
  ],
  providers: [
    {
      provide: WORKER_DATA_SOURCE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const options = dataSourceOptions(config.databaseUrl!, 8);
        return new DataSource({ ...options, extra: { ...options.extra, options: `-c role=${WORKER_ROLE}` } } as DataSourceOptions).initialize();
      },
    },
    TransactionHost,
    WorkerDataSourceCloser,
  ],
  exports: [TransactionHost, WORKER_DATA_SOURCE],
})
export class DatabaseModule {}
