import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { AccessNotes } from '../common/legal-basis.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { CaseGate } from '../households/case-gate.js';
import type {
  EmergencyAccessDto,
  EmergencyAccessPolicyDto,
  EmergencyAccessQueryDto,
  HouseholdEmergencyAccessDto,
  RequestEmergencyAccessDto,
  ReviewEmergencyAccessDto,
} from './dto/emergency-access.dto.js';
import type { EmergencyAccessEntity } from './entities/emergency-access.entity.js';
import { EmergencyAccessErrors } from './emergency-access.errors.js';
import { mapEmergencyAccess, mapHouseholdEmergencyAccess } from './emergency-access.mapper.js';
import { EmergencyAccessRepository } from './emergency-access.repository.js';
import { DEFAULT_EMERGENCY_MINUTES, expiryOf, grantStateAt, MIN_REASON_LENGTH } from './emergency-access.values.js';

/**
 * Break-the-glass (NEN 7513). A professional or coordinator of the municipality who may not see a household takes
 * read-only access to it for the municipality's duration, with a reason; the grant and its announcement
 * (`emergency_access.granted` → the coordinator and the privacy officers) are written in one transaction. Whether
 * a grant stands is decided by access's predicate at each request (src/access/emergency-access.predicate.ts),
 * so access stops at `expires_at` without any job. The privacy officer lists and reviews grants.
 */
@Injectable()
export class EmergencyAccessService {
  constructor(
    private readonly grants: EmergencyAccessRepository,
    private readonly access: AccessService,
    private readonly gate: CaseGate,
    private readonly context: RequestContext,
    private readonly notes: AccessNotes,
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async request(householdId: string, input: RequestEmergencyAccessDto): Promise<EmergencyAccessDto> {
    const reason = input.reason.trim();
    // characters as PostgreSQL counts them (code points: an emoji is one), the same as the DTO's MinLength
    if ([...reason].length < MIN_REASON_LENGTH) {
      const message = { nl: `reason moet ten minste ${MIN_REASON_LENGTH} tekens bevatten (zonder spaties eromheen)`, en: `reason must hold at least ${MIN_REASON_LENGTH} characters (not counting surrounding spaces)` };
      throw CommonErrors.create('VALIDATION_FAILED', message, { errors: [{ field: 'reason', messages: [message] }] });
    }
    const actor = this.context.actor;
    return this.tx.run(async () => {
      // the household row lock serialises two requests of the same professional (one grant, not two)
      await this.gate.open(householdId, { allowClosed: true });
      if ((await this.access.legalBases([householdId])).has(householdId)) {
        throw EmergencyAccessErrors.create('ALREADY_HAS_ACCESS', {
          nl: 'U heeft al toegang tot dit huishouden; noodtoegang is alleen voor wie er niet bij betrokken is.',
          en: 'You already have access to this household; emergency access is only for those who are not involved.',
        });
      }
      const grantedAt = this.clock.now();
      const minutes = (await this.grants.durationMinutes(actor.tenantId)) ?? DEFAULT_EMERGENCY_MINUTES;
      const grant = await this.grants.insert({ tenantId: actor.tenantId, householdId, professionalId: actor.professionalId, reason, grantedAt, expiresAt: expiryOf(grantedAt, minutes) });
      await this.outbox.record(
        createEvent(
          'emergency_access.granted',
          { tenantId: actor.tenantId, aggregateId: grant.id, householdId, actorId: actor.professionalId },
          { grantId: grant.id, professionalId: actor.professionalId, expiresAt: grant.expiresAt.toISOString() },
        ),
      );
      // from here the household is visible on the ground `emergency`, which the audit trail records for this request
      await this.access.requireVisible(householdId);
      return mapEmergencyAccess(grant, grantedAt);
    });
  }

  async getOwn(householdId: string, grantId: string): Promise<EmergencyAccessDto> {
    const grant = await this.requireOwn(householdId, grantId);
    this.noteHolderAccess(grant);
    return mapEmergencyAccess(grant, this.clock.now());
  }

  /** The holder ends their grant before it expires. */
  async end(householdId: string, grantId: string): Promise<EmergencyAccessDto> {
    const grant = await this.requireOwn(householdId, grantId);
    const now = this.clock.now();
    this.noteHolderAccess(grant);
    if (grantStateAt(grant, now) !== 'active' || !(await this.grants.end(grant.id, now, this.context.actor.professionalId))) {
      throw EmergencyAccessErrors.create('EMERGENCY_ACCESS_NOT_ACTIVE', {
        nl: 'Deze noodtoegang is al beëindigd of verlopen.',
        en: 'This emergency access has already ended or expired.',
      });
    }
    return mapEmergencyAccess({ ...grant, endedAt: now, endedById: this.context.actor.professionalId }, now);
  }

  /** The privacy officer's list of the municipality's grants, newest first. */
  async list(query: EmergencyAccessQueryDto): Promise<Page<EmergencyAccessDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.grants.listPage({ unreviewed: query.unreviewed ?? false }, limit, after);
    const now = this.clock.now();
    for (const row of rows.slice(0, limit)) this.notes.noteAccess(row.householdId, { basis: 'audit_role', consentId: null });
    return toPage(rows, limit, (g) => [instantKey(g.grantedAt), g.id], (g) => mapEmergencyAccess(g, now));
  }

  /**
   * The grants on one household, newest first, for its coordinator and supervisors (404 when the caller may not see
   * the household, 403 when they see it but do not manage the case: care team, intake, an emergency holder).
   */
  async listForHousehold(householdId: string, query: PageQueryDto): Promise<Page<HouseholdEmergencyAccessDto>> {
    await this.access.requireCaseManager(householdId, { nl: 'de noodtoegang tot het huishouden inzien', en: 'see the emergency accesses to the household' });
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.grants.listPage({ householdId }, limit, after);
    const now = this.clock.now();
    return toPage(rows, limit, (g) => [instantKey(g.grantedAt), g.id], (g) => mapHouseholdEmergencyAccess(g, now));
  }

  async review(grantId: string, input: ReviewEmergencyAccessDto): Promise<EmergencyAccessDto> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const grant = await this.grants.findInTenant(grantId);
      if (!grant) throw this.notFound(grantId);
      this.notes.noteAccess(grant.householdId, { basis: 'audit_role', consentId: null });
      if (grant.professionalId === actor.professionalId) {
        throw EmergencyAccessErrors.create('OWN_EMERGENCY_ACCESS', {
          nl: 'U kunt uw eigen noodtoegang niet beoordelen; laat een andere functionaris gegevensbescherming dat doen.',
          en: 'You cannot review your own emergency access; ask another privacy officer.',
        });
      }
      const now = this.clock.now();
      const values = { reviewedAt: now, reviewedById: actor.professionalId, reviewOutcome: input.outcome, reviewNote: input.note?.trim() ?? null };
      if (!(await this.grants.review(grant.id, values))) {
        throw EmergencyAccessErrors.create('ALREADY_REVIEWED', { nl: 'Deze noodtoegang is al beoordeeld.', en: 'This emergency access has already been reviewed.' });
      }
      return mapEmergencyAccess({ ...grant, ...values }, now);
    });
  }

  async policy(): Promise<EmergencyAccessPolicyDto> {
    const minutes = await this.grants.durationMinutes(this.context.actor.tenantId);
    return { durationMinutes: minutes ?? DEFAULT_EMERGENCY_MINUTES, isDefault: minutes === undefined };
  }

  async setPolicy(durationMinutes: number): Promise<EmergencyAccessPolicyDto> {
    const actor = this.context.actor;
    await this.tx.run(() => this.grants.saveDuration({ tenantId: actor.tenantId, durationMinutes, updatedAt: this.clock.now(), updatedById: actor.professionalId }));
    return { durationMinutes, isDefault: false };
  }

  /** Only the holder knows their grant; to everyone else it does not exist. */
  private async requireOwn(householdId: string, grantId: string): Promise<EmergencyAccessEntity> {
    const grant = await this.grants.findOwn(householdId, grantId, this.context.actor.professionalId);
    if (!grant) throw this.notFound(grantId);
    return grant;
  }

  /** The holder reads their own grant (its reason, the household id) on the ground of that grant. */
  private noteHolderAccess(grant: EmergencyAccessEntity): void {
    this.notes.noteAccess(grant.householdId, { basis: 'emergency', consentId: null });
  }

  private notFound(grantId: string) {
    return EmergencyAccessErrors.create('EMERGENCY_ACCESS_NOT_FOUND', {
      nl: `Er bestaat geen noodtoegang met id ${grantId} die u mag zien.`,
      en: `No emergency access with id ${grantId} exists that you may see.`,
    });
  }
}
