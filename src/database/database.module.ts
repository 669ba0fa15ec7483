import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { connectingAs, dataSourceOptions } from './data-source-options.js';
import { APP_ROLE, TransactionHost, WORKER_DATA_SOURCE, WORKER_ROLE } from './transaction-host.js';
import { WorkerDataSourceCloser } from './worker-data-source.closer.js';

/** The database URL is resolved before Nest starts (embedded server or DATABASE_URL), see bootstrap. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // every pooled connection starts as the row-level-security role; transactions then narrow it to a
        // tenant (TransactionHost). Migrations use their own connections, as the configured user.
        return { ...connectingAs(APP_ROLE, dataSourceOptions(config.databaseUrl!)), migrationsRun: false };
      },
    }),
  ],
  providers: [
    {
      provide: WORKER_DATA_SOURCE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        return new DataSource(connectingAs(WORKER_ROLE, dataSourceOptions(config.databaseUrl!, 8))).initialize();
      },
    },
    TransactionHost,
    WorkerDataSourceCloser,
  ],
  exports: [TransactionHost, WORKER_DATA_SOURCE],
})
export class DatabaseModule {}
