import { Module, type DynamicModule } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import type { DestinationStream } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module.js';
import { ApiClientsModule } from './api-clients/api-clients.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CaseworkModule } from './casework/casework.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { SignalsModule } from './signals/signals.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { CareTeamModule } from './care-team/care-team.module.js';
import { CommonModule } from './common/common.module.js';
import { ConsentsModule } from './consents/consents.module.js';
import { CoordinationModule } from './coordination/coordination.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { HouseholdsModule } from './households/households.module.js';
import { loggerParams } from './logging.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { QueueModule } from './queue/queue.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { IdempotentReplayModule } from './idempotency/idempotent-replay.module.js';
import { RequestTransactionModule } from './database/request-transaction.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { OperationsLogModule } from './operations/operations-log.module.js';
import { PlansModule } from './plans/plans.module.js';
import { ProfessionalsModule } from './professionals/professionals.module.js';
import { TenantsModule } from './tenants/tenants.module.js';
import { StaffingModule } from './staffing/staffing.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, logDestination)),
        ClsModule.forRoot({ global: true, middleware: { mount: true, generateId: true, idGenerator: (req: { id?: unknown }) => String(req.id) } }),
        CommonModule,
        DatabaseModule,
        QueueModule,
        OperationsLogModule,
        AuthModule,
        RateLimitModule,
        IdempotencyModule,
        RequestTransactionModule,
        AccessModule,
        AuditModule,
        IdempotentReplayModule,
        ApiClientsModule,
        EventsModule,
        HealthModule,
        OperationsModule,
        OrganisationsModule,
        ProfessionalsModule,
        TenantsModule,
        HouseholdsModule,
        CoordinationModule,
        CareTeamModule,
        ConsentsModule,
        PlansModule,
        CaseworkModule,
        SignalsModule,
        SupervisionModule,
        NotificationsModule,
        SchedulerModule,
        StaffingModule,
      ],
    };
  }
}
