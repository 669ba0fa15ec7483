import { Global, Module } from '@nestjs/common';
import { OPERATOR_REFUSAL_RECORDER } from '../auth/principal-resolver.js';
import { OperationsLogRepository } from './operations-log.repository.js';
import { OperationsLogService } from './operations-log.service.js';
import { OperationsLogRefusalRecorder } from './operator-refusal.recorder.js';

/**
 * Global: the auth guard records operators refused at the API (through its port, OPERATOR_REFUSAL_RECORDER),
 * the queue dashboard records operators' actions.
 */
@Global()
@Module({
  providers: [OperationsLogRepository, OperationsLogService, { provide: OPERATOR_REFUSAL_RECORDER, useClass: OperationsLogRefusalRecorder }],
  exports: [OperationsLogService, OPERATOR_REFUSAL_RECORDER],
})
export class OperationsLogModule {}
