import { Global, Module } from '@nestjs/common';
import { DeadLetterController } from './dead-letter.controller.js';
import { DeadLetterRepository } from './dead-letter.repository.js';
import { DeadLetterService } from './dead-letter.service.js';
import { JobWorkers } from './job-workers.js';
import { QueueBackend } from './queue-backend.js';

@Global()
@Module({
  controllers: [DeadLetterController],
  providers: [QueueBackend, DeadLetterRepository, DeadLetterService, JobWorkers],
  exports: [QueueBackend, DeadLetterService, JobWorkers],
})
export class QueueModule {}
