import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { withHousehold } from '../../access/access.errors.js';
import { AccessService } from '../../access/access.service.js';
import { Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import { decodeCursor, filledPage, pageLimit, type Page } from '../../common/pagination.js';
import { scopeCovers, type ReaderScope } from '../../access/reader-scope.js';
import { ScopeTargets } from '../../consents/scope-targets.js';
import { RequestContext } from '../../common/request-context.js';
import { CaseGate } from '../../households/case-gate.js';
import type { EventDraft } from '../../events/domain-event.js';
import type { EscalationDto, ListEscalationsQueryDto, OpenEscalationDto, ResolveEscalationDto } from './dto/escalation.dto.js';
import type { EscalationEntity } from './entities/escalation.entity.js';
import { EscalationErrors } from './escalations.errors.js';
import { escalationItem, mapEscalation } from './escalations.mapper.js';
import { EscalationsRepository, type EscalationRow } from './escalations.repository.js';

const inScope = (row: EscalationRow, scope: ReaderScope) => scopeCovers(scope, escalationItem(row.escalation));

@Injectable()
export class EscalationsService {
  constructor(
    private readonly escalations: EscalationsRepository,
    private readonly gate: CaseGate,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly targets: ScopeTargets,
  ) {}

  /**
   * Opens an escalation: the household's coordinator or a supervisor. One open escalation per household —
   * checked under the household row lock (so concurrent opens queue up and see the first), and enforced by
   * the partial unique index `uq_escalation_open`. The domains and members it names decide which partners read it.
   */
  async open(householdId: string, input: OpenEscalationDto): Promise<EscalationDto> {
    await this.access.requireCaseManager(householdId, { nl: 'een escalatie openen', en: 'open an escalation' });
    const actor = this.context.actor;
    const domainCodes = input.domains ?? [];
    const memberIds = input.memberIds ?? [];
    await this.targets.requireDomains(domainCodes, 'domains');
    await this.targets.requireMembers(householdId, memberIds, 'memberIds');
    let id: string;
    try {
      id = await this.gate.change(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; er is geen zaak meer om te escaleren.', en: 'The household is closed; there is no case left to escalate.' } }, async (_household, change) => {
        const open = await this.escalations.findOpen(householdId);
        if (open) throw alreadyOpen(open.id);
        const escalation = await this.escalations.insert({
          tenantId: actor.tenantId,
          householdId,
          reason: input.reason.trim(),
          domainCodes,
          memberIds,
          openedById: actor.professionalId,
          openedAt: this.clock.now(),
        });
        await change.record(escalationEvent('escalation.opened', escalation));
        return escalation.id;
      });
    } catch (error) {
      if (this.escalations.isOpenConflict(error)) throw alreadyOpen();
      throw error;
    }
    return this.load(id);
  }

  /** Resolves an open escalation with its outcome: the household's coordinator or a supervisor. */
  async resolve(escalationId: string, input: ResolveEscalationDto): Promise<EscalationDto> {
    const escalation = await this.requireVisibleEscalation(escalationId);
    await this.access.requireCaseManager(escalation.householdId, { nl: 'een escalatie oplossen', en: 'resolve an escalation' });
    const actor = this.context.actor;
    // a closed household's open escalation may still be resolved; no household lock (the row update decides)
    await this.gate.change(escalation.householdId, { allowClosed: true, lock: false }, async (_household, change) => {
      const now = this.clock.now();
      if (!(await this.escalations.resolve(escalation.id, now, actor.professionalId, input.outcome.trim()))) {
        throw EscalationErrors.create('ESCALATION_ALREADY_RESOLVED', {
          nl: `Escalatie ${escalation.id} is al opgelost; open een nieuwe als de zaak dat opnieuw nodig heeft.`,
          en: `Escalation ${escalation.id} has already been resolved; open a new one if the case needs it again.`,
        });
      }
      await change.record(escalationEvent('escalation.resolved', escalation));
    });
    return this.load(escalation.id);
  }

  async get(escalationId: string): Promise<EscalationDto> {
    await this.requireVisibleEscalation(escalationId);
    return this.load(escalationId);
  }

  /** Purpose limitation: a partner's list leaves out escalations its scope does not cover, and still fills its pages. */
  async list(householdId: string, query: ListEscalationsQueryDto): Promise<Page<EscalationDto>> {
    await this.access.requireVisible(householdId);
    const scope = await this.access.readerScope(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const tenantId = this.context.actor.tenantId;
    return filledPage(
      limit,
      before,
      (after) => this.escalations.listPage(tenantId, householdId, query.status, limit, after),
      (r): [string, string] => [instantKey(r.escalation.openedAt), r.escalation.id],
      (r) => (inScope(r, scope) ? mapEscalation(r) : null),
    );
  }

  /**
   * An escalation of a household the caller may not see — or one outside the caller's scope (purpose limitation) —
   * answers 404, exactly like one that does not exist.
   */
  private async requireVisibleEscalation(escalationId: string): Promise<EscalationEntity> {
    const escalation = await this.escalations.findInTenant(this.context.actor.tenantId, escalationId);
    if (!escalation) throw notFound(escalationId);
    try {
      await this.access.requireVisible(escalation.householdId);
    } catch (error) {
      // the same 404 as for a missing escalation; the audit trail still learns whose household was denied
      if (error instanceof DomainError && error.status === 404) throw withHousehold(notFound(escalationId), escalation.householdId);
      throw error;
    }
    if (!scopeCovers(await this.access.readerScope(escalation.householdId), escalationItem(escalation))) throw withHousehold(notFound(escalationId), escalation.householdId);
    return escalation;
  }

  private async load(escalationId: string): Promise<EscalationDto> {
    const row = await this.escalations.findWithNames(this.context.actor.tenantId, escalationId);
    if (!row) throw notFound(escalationId);
    return mapEscalation(row);
  }

}

const escalationEvent = (type: 'escalation.opened' | 'escalation.resolved', escalation: EscalationEntity): EventDraft => ({ type, aggregateId: escalation.id, payload: { escalationId: escalation.id } });

const notFound = (escalationId: string) =>
  EscalationErrors.create('ESCALATION_NOT_FOUND', {
    nl: `Er bestaat geen escalatie met id ${escalationId}, of u bent niet betrokken bij het huishouden ervan.`,
    en: `No escalation with id ${escalationId} exists, or you are not involved with its household.`,
  });

const alreadyOpen = (openId?: string) =>
  EscalationErrors.create(
    'ESCALATION_ALREADY_OPEN',
    {
      nl: `Dit huishouden heeft al een open escalatie${openId ? ` (${openId})` : ''}; los die op voordat u een nieuwe opent.`,
      en: `This household already has an open escalation${openId ? ` (${openId})` : ''}; resolve it before opening another.`,
    },
  );
