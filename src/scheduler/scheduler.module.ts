import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { OperationsModule } from '../operations/operations.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { RetentionModule } from '../privacy/retention/retention.module.js';
import { MaintenanceScheduler } from './maintenance-scheduler.js';

@Module({ imports: [SupervisionModule, IdempotencyModule, OperationsModule, RetentionModule], providers: [MaintenanceScheduler], exports: [MaintenanceScheduler] })
export class SchedulerModule {}
