import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import type { Text } from '../common/language.js';

/**
 * The "works on this case" check shared by contacts and assessments. The level itself (and its SQL) belongs to
 * access (`AccessService.requireCaseWorker`); this stays as the name case work already uses.
 */
@Injectable()
export class CaseworkAccessService {
  constructor(private readonly access: AccessService) {}

  requireCaseWorker(householdId: string, what: Text): Promise<void> {
    return this.access.requireCaseWorker(householdId, what);
  }
}
