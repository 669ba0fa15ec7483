import { Global, Module } from '@nestjs/common';
import { OperationsLogRepository } from './operations-log.repository.js';
import { OperationsLogService } from './operations-log.service.js';

/** Global: the auth guard records operators refused at the API, the queue dashboard records operators' actions. */
@Global()
@Module({ providers: [OperationsLogRepository, OperationsLogService], exports: [OperationsLogService] })
export class OperationsLogModule {}
