import { Injectable } from '@nestjs/common';
import type { AccessBasis, LegalBasisUsed } from '../audit/audit.types.js';
import type { Actor } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';

export interface SqlFragment {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * A care-team link (alias `ct`) that gives access today: not ended, within its period, and on a basis that stands —
 * a link on the basis of consent only through a recorded consent that is valid today (links from before consents
 * were recorded give none); a link on another legal basis through that consent record when it names one.
 */
function linkStands(ct: string): string {
  return (
    `${ct}.ended_at IS NULL AND ${ct}.starts_on <= CAST(:accessToday AS date) AND (${ct}.ends_on IS NULL OR ${ct}.ends_on >= CAST(:accessToday AS date))` +
    ` AND (CASE WHEN ${ct}.consent_id IS NULL THEN ${ct}.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent cs WHERE cs.id = ${ct}.consent_id` +
    ` AND cs.withdrawn_at IS NULL AND cs.valid_from <= CAST(:accessToday AS date) AND (cs.valid_until IS NULL OR cs.valid_until >= CAST(:accessToday AS date))) END)`
  );
}

/**
 * A link (alias `ct`) that is the actor's: a partner API client acts as its organisation (any link of it); a
 * professional has their own link or their organisation's organisation-level link.
 */
function linkOfActor(actor: Actor, ct: string): string {
  if (actor.kind === 'client') return `${ct}.organisation_id = :accessOrgId`;
  return `(${ct}.professional_id = :accessActorId OR (${ct}.professional_id IS NULL AND ${ct}.organisation_id = :accessOrgId))`;
}

/**
 * The need-to-know rule as SQL, so lists and single reads apply exactly the same rule:
 * supervisors and admins see their tenant; others see households they coordinate, households whose active
 * care team includes them or (organisation-level link) their organisation within the link's period, and —
 * for the coordinator role — open households waiting for a coordinator, so intake can pick them up.
 */
@Injectable()
export class AccessRepository {
  constructor(private readonly tx: TransactionHost) {}

  visibleHouseholds(actor: Actor, alias: string, today: string): SqlFragment {
    const params = { accessTenantId: actor.tenantId, accessActorId: actor.professionalId, accessOrgId: actor.organisationId, accessToday: today };
    if (actor.kind === 'client') {
      // A partner API client acts as its organisation: households where any active, current link of that organisation
      // (organisation-level or one of its professionals) rests on a valid basis. Never coordinator, supervisor or admin.
      const sql =
        `${alias}.tenant_id = :accessTenantId AND EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = ${alias}.id` +
        ` AND ${linkOfActor(actor, 'ct')} AND ${linkStands('ct')})`;
      return { sql, params };
    }
    if (actor.roles.includes('supervisor') || actor.roles.includes('admin')) {
      return { sql: `${alias}.tenant_id = :accessTenantId`, params };
    }
    const vacant = actor.roles.includes('coordinator')
      ? ` OR (${alias}.status <> 'closed' AND NOT EXISTS (SELECT 1 FROM coordinator_assignment v WHERE v.household_id = ${alias}.id AND v.ended_at IS NULL))`
      : '';
    const sql =
      `${alias}.tenant_id = :accessTenantId AND (` +
      // the previous coordinator stays involved (not accountable) during a hand-over's overlap
      `EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.household_id = ${alias}.id AND (ca.ended_at IS NULL OR ca.overlap_until > now()) AND ca.professional_id = :accessActorId)` +
      ` OR EXISTS (SELECT 1 FROM care_team_link ct WHERE ct.household_id = ${alias}.id AND ${linkOfActor(actor, 'ct')} AND ${linkStands('ct')})` +
      `${vacant})`;
    return { sql, params };
  }

  /**
   * For each of `householdIds` the actor may see: the legal basis that lets them (for the audit trail). Uses the
   * same predicate as `visibleHouseholds`, so a household missing from the answer is one the actor may not see.
   * Most specific basis first: coordinator, a care-team link (the actor's own before the organisation's), the
   * tenant-wide role, then intake (a coordinator seeing a household without coordinator).
   */
  async legalBases(actor: Actor, householdIds: string[], today: string): Promise<Map<string, AccessBasis>> {
    const bases = new Map<string, AccessBasis>();
    if (householdIds.length === 0) return bases;
    const visible = this.visibleHouseholds(actor, 'h', today);
    const rows = await this.tx.manager
      .createQueryBuilder()
      .select('h.id', 'household_id')
      .addSelect(
        'EXISTS (SELECT 1 FROM coordinator_assignment bca WHERE bca.household_id = h.id AND (bca.ended_at IS NULL OR bca.overlap_until > now()) AND bca.professional_id = :accessActorId)',
        'is_coordinator',
      )
      .addSelect(
        '(SELECT bct.basis FROM care_team_link bct WHERE ' + this.activeLinkFor(actor, 'bct') + ' ORDER BY (bct.professional_id IS NULL), bct.created_at LIMIT 1)',
        'link_basis',
      )
      .addSelect(
        '(SELECT bct.consent_id FROM care_team_link bct WHERE ' + this.activeLinkFor(actor, 'bct') + ' ORDER BY (bct.professional_id IS NULL), bct.created_at LIMIT 1)',
        'link_consent_id',
      )
      .from('household', 'h')
      .where('h.id IN (:...basisHouseholdIds)', { basisHouseholdIds: householdIds })
      .andWhere(visible.sql, visible.params)
      .getRawMany<{ household_id: string; is_coordinator: boolean; link_basis: string | null; link_consent_id: string | null }>();
    const tenantWide = actor.roles.includes('supervisor') || actor.roles.includes('admin');
    for (const row of rows) {
      let basis: AccessBasis;
      if (row.is_coordinator) basis = { basis: 'coordinator', consentId: null };
      else if (tenantWide) basis = { basis: 'tenant_role', consentId: null };
      else if (row.link_basis) basis = { basis: `care_team_${row.link_basis}` as LegalBasisUsed, consentId: row.link_consent_id };
      else basis = { basis: 'intake', consentId: null };
      bases.set(row.household_id, basis);
    }
    return bases;
  }

  /** An active care-team link of the actor (or their organisation) to household `h`, resting on a basis that stands. */
  private activeLinkFor(actor: Actor, ct: string): string {
    return `${ct}.household_id = h.id AND ${linkOfActor(actor, ct)} AND ${linkStands(ct)}`;
  }

  async isVisible(actor: Actor, householdId: string, today: string): Promise<boolean> {
    const visible = this.visibleHouseholds(actor, 'h', today);
    const count = await this.tx.manager
      .createQueryBuilder()
      .select('1')
      .from('household', 'h')
      .where('h.id = :householdId', { householdId })
      .andWhere(visible.sql, visible.params)
      .getRawOne<unknown>();
    return count !== undefined;
  }

  async activeCoordinatorId(householdId: string): Promise<string | undefined> {
    const row = await this.tx.manager.query<Array<{ professional_id: string }>>(
      'SELECT professional_id FROM coordinator_assignment WHERE household_id = $1 AND ended_at IS NULL',
      [householdId],
    );
    return row[0]?.professional_id;
  }
}
