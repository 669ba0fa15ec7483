import { Injectable } from '@nestjs/common';
import { AuditContext } from '../audit/audit-context.js';
import type { AccessBasis } from '../audit/audit.types.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { AccessErrors, householdNotFound, withHousehold } from './access.errors.js';
import { AccessRepository, type SqlFragment } from './access.repository.js';

/**
 * Need-to-know checks in one place. A household one may not see answers 404, exactly like one that does
 * not exist; a visible household one may not change answers 403.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly access: AccessRepository,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly audit: AuditContext,
  ) {}

  visibleHouseholds(alias: string): SqlFragment {
    return this.access.visibleHouseholds(this.context.actor, alias, this.clock.today());
  }

  /** 404 unless the caller may see the household; notes for the audit trail on which basis they may. */
  async requireVisible(householdId: string): Promise<void> {
    const basis = (await this.access.legalBases(this.context.actor, [householdId], this.clock.today())).get(householdId);
    if (!basis) throw householdNotFound(householdId);
    this.audit.noteAccess(householdId, basis);
  }

  /** The legal basis on which the caller sees each of these households (those they may not see are absent). */
  legalBases(householdIds: string[]): Promise<Map<string, AccessBasis>> {
    return this.access.legalBases(this.context.actor, householdIds, this.clock.today());
  }

  /** Coordinator of the household or a supervisor: may change the household, its care team and plan. */
  async requireCaseManager(householdId: string, what: string): Promise<void> {
    await this.requireVisible(householdId);
    if (this.context.hasRole('supervisor')) return;
    const coordinatorId = await this.access.activeCoordinatorId(householdId);
    if (coordinatorId !== this.context.actor.professionalId) {
      throw withHousehold(AccessErrors.create('NOT_ALLOWED_FOR_HOUSEHOLD', `Only the household's coordinator or a supervisor may ${what}.`), householdId);
    }
  }

  async activeCoordinatorId(householdId: string): Promise<string | undefined> {
    return this.access.activeCoordinatorId(householdId);
  }
}
