import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../../access/access.errors.js';
import { AuditContext } from '../../audit/audit-context.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { LegalHoldDto } from './dto/legal-hold.dto.js';
import { LegalHoldErrors } from './legal-holds.errors.js';
import { mapLegalHold } from './legal-holds.mapper.js';
import { LegalHoldsRepository } from './legal-holds.repository.js';

/**
 * Legal holds on a household's case, for the privacy officer (role gate on the routes): any household of the
 * municipality (row-level security keeps others' out, which then answer 404 like a missing id). Audited under the
 * privacy officer's duty to account (`audit_role`), like the audit trail they read.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly holds: LegalHoldsRepository,
    private readonly context: RequestContext,
    private readonly audit: AuditContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  place(householdId: string, reason: string): Promise<LegalHoldDto> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      if (!(await this.holds.lockHousehold(householdId))) throw householdNotFound(householdId);
      this.audit.noteAccess(householdId, { basis: 'audit_role', consentId: null });
      const hold = await this.holds.insert({ tenantId: actor.tenantId, householdId, reason: reason.trim(), placedById: actor.professionalId, placedAt: this.clock.now() });
      return mapLegalHold(hold);
    });
  }

  async list(householdId: string, query: PageQueryDto): Promise<Page<LegalHoldDto>> {
    if (!(await this.holds.householdExists(householdId))) throw householdNotFound(householdId);
    this.audit.noteAccess(householdId, { basis: 'audit_role', consentId: null });
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.holds.listPage(householdId, limit, after);
    return toPage(rows, limit, (h) => [instantKey(h.placedAt), h.id], mapLegalHold);
  }

  lift(householdId: string, holdId: string, reason: string): Promise<LegalHoldDto> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      if (!(await this.holds.householdExists(householdId))) throw householdNotFound(householdId);
      this.audit.noteAccess(householdId, { basis: 'audit_role', consentId: null });
      const hold = await this.holds.findForUpdate(householdId, holdId);
      if (!hold) {
        throw LegalHoldErrors.create('LEGAL_HOLD_NOT_FOUND', {
          nl: `Het huishouden heeft geen bewaarplicht met id ${holdId}.`,
          en: `The household has no legal hold with id ${holdId}.`,
        });
      }
      if (hold.liftedAt !== null) {
        throw LegalHoldErrors.create('LEGAL_HOLD_ALREADY_LIFTED', {
          nl: `De bewaarplicht ${holdId} is al opgeheven op ${hold.liftedAt.toISOString()}. Leg zo nodig een nieuwe vast.`,
          en: `Legal hold ${holdId} was already lifted at ${hold.liftedAt.toISOString()}. Place a new one if needed.`,
        });
      }
      const now = this.clock.now();
      return mapLegalHold(await this.holds.lift(hold.id, { liftedById: actor.professionalId, liftedAt: now < hold.placedAt ? hold.placedAt : now, liftReason: reason.trim() }));
    });
  }
}
