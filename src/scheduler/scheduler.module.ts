import { Module } from '@nestjs/common';
import { SupervisionModule } from '../supervision/supervision.module.js';
import { MaintenanceScheduler } from './maintenance-scheduler.js';

@Module({ imports: [SupervisionModule], providers: [MaintenanceScheduler], exports: [MaintenanceScheduler] })
export class SchedulerModule {}
