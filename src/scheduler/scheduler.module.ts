import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module.js';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { MaintenanceScheduler } from './maintenance-scheduler.js';

@Module({ imports: [SupervisionModule, OperationsModule], providers: [MaintenanceScheduler], exports: [MaintenanceScheduler] })
export class SchedulerModule {}
