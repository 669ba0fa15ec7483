import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatabaseAvailability } from './database-availability.js';
import { DatabaseNotifications } from './database-notifications.js';
import { APP_ROLE, assertRuntimeLogin, WORKER_ROLE, type DatabaseLogins } from './database-logins.js';
import { dataSourceOptions } from './data-source-options.js';
import type { EntityClass } from './entity-class.js';
import { TransactionHost, WORKER_DATA_SOURCE } from './transaction-host.js';
import { WorkerDataSourceCloser } from './worker-data-source.closer.js';

/** The runtime logins are resolved before Nest starts (bootstrap, or createApp for tests), see database-logins.ts. */
export function loginsOf(config: AppConfig): DatabaseLogins {
  const logins = config.database.logins;
  if (!logins) throw new Error('Database logins not resolved: build the app with createApp (it resolves them)');
  return logins;
}

/**
 * Two pools, each logging in as its own role: `eenplan_app` for requests (row-level security holds every
 * transaction to its tenant) and `eenplan_worker` for system work. Neither can become the schema owner.
 * The entity list comes from the composition root (`APP_ENTITIES` in src/app.entities.ts): this floor knows no
 * feature.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: readonly EntityClass[]): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(loginsOf(config).appUrl, entities, 20, config.database), migrationsRun: false }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await assertRuntimeLogin(dataSource, APP_ROLE);
            return dataSource;
          },
        }),
      ],
      providers: [
        {
          provide: WORKER_DATA_SOURCE,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = await new DataSource(dataSourceOptions(loginsOf(config).workerUrl, entities, 8, config.database)).initialize();
            await assertRuntimeLogin(dataSource, WORKER_ROLE);
            return dataSource;
          },
        },
        TransactionHost,
        WorkerDataSourceCloser,
        DatabaseAvailability,
        DatabaseNotifications,
      ],
      exports: [TransactionHost, WORKER_DATA_SOURCE, DatabaseAvailability, DatabaseNotifications],
    };
  }
}
