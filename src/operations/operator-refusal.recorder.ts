import { Injectable } from '@nestjs/common';
import type { OperatorRefusalRecorder } from '../auth/principal-resolver.js';
import { OperationsLogService } from './operations-log.service.js';

/** The auth guard's port for operators refused at the API: one `api.denied` line in the operations log (403). */
@Injectable()
export class OperationsLogRefusalRecorder implements OperatorRefusalRecorder {
  constructor(private readonly log: OperationsLogService) {}

  recordRefusal(refusal: { subject: string; method: string; path: string; requestId?: string; sourceAddress?: string }): Promise<void> {
    return this.log.record(
      {
        actorKind: 'operator',
        actorId: refusal.subject,
        action: 'api.denied',
        method: refusal.method,
        path: refusal.path,
        requestId: refusal.requestId,
        sourceAddress: refusal.sourceAddress,
      },
      403,
    );
  }
}
