import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller.js';
import { RetentionEngine } from './retention-engine.service.js';
import { RetentionPurgeRepository } from './retention-purge.repository.js';
import { RetentionScheduleService } from './retention-schedule.service.js';
import { RetentionRepository } from './retention.repository.js';

/** Retention schedule, engine (daily job and `npm run retention`) and the record of runs (issue 13, items 1 and 2). */
@Module({
  controllers: [RetentionController],
  providers: [RetentionScheduleService, RetentionRepository, RetentionPurgeRepository, RetentionEngine],
  exports: [RetentionEngine],
})
export class RetentionModule {}
