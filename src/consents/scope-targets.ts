import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { CaseErrors } from '../households/case-gate.errors.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { unknownLifeDomain } from '../tenants/tenants.errors.js';
import { TenantsRepository } from '../tenants/tenants.repository.js';

/**
 * Checks what a scope names before it is stored (the triggers of migration 1764600200000 are the last word):
 * life domains of the municipality's current list, members of this household.
 */
@Injectable()
export class ScopeTargets {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly households: HouseholdsRepository,
    private readonly context: RequestContext,
  ) {}

  async requireDomains(domains: readonly string[] | null | undefined, field: string): Promise<void> {
    for (const [i, code] of (domains ?? []).entries()) {
      if (!(await this.tenants.isActiveLifeDomain(this.context.actor.tenantId, code))) {
        throw unknownLifeDomain([`${field}[${i}]`]);
      }
    }
  }

  async requireMembers(householdId: string, memberIds: readonly string[] | null | undefined, field: string): Promise<void> {
    if (!memberIds?.length) return;
    const active = new Set((await this.households.findActiveMembers([householdId])).map((m) => m.id));
    const unknown = memberIds.map((memberId, i) => ({ memberId, i })).filter(({ memberId }) => !active.has(memberId));
    if (unknown.length > 0) {
      throw CaseErrors.create('MEMBER_NOT_IN_HOUSEHOLD', { nl: `Geen actieve leden van huishouden ${householdId}: ${unknown.map((u) => u.memberId).join(', ')}.`, en: `Not active members of household ${householdId}: ${unknown.map((u) => u.memberId).join(', ')}.` }, {
        errors: unknown.map(({ i }) => ({ field: `${field}[${i}]`, messages: [{ nl: 'moet een actief lid van dit huishouden zijn', en: 'must be an active member of this household' }] })),
      });
    }
  }
}
