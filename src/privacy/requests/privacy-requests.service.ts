import { instantKey } from '../../common/precise-instant.js';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import type { DomainError } from '../../common/domain-error.js';
import { AccessNotes } from '../../common/legal-basis.js';
import type { Text } from '../../common/language.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { createEvent } from '../../events/domain-event.js';
import { OutboxRepository } from '../../events/outbox.repository.js';
import type { ErasurePreviewDto, ErasureReportDto, ListPrivacyRequestsQueryDto, PrivacyRequestDto, RecordPrivacyRequestDto } from './dto/privacy-request.dto.js';
import type { PrivacyRequestEntity } from './entities/privacy-request.entity.js';
import type { ErasureReport } from './erasure-report.js';
import { decideErasure, decideRestriction, toErase } from './erasure-rules.js';
import { LEGAL_HOLD_PORT, type LegalHoldPort } from './legal-hold.port.js';
import { canMove, type PrivacyRequestStatus } from './privacy-request-values.js';
import { PrivacyRequestErrors } from './privacy-requests.errors.js';
import { mapPrivacyRequest, mapReport } from './privacy-requests.mapper.js';
import { PrivacyRequestsRepository } from './privacy-requests.repository.js';

/**
 * AVG art. 17/18 requests: recorded by the privacy officer, decided by a second privacy officer or a supervisor
 * (four eyes), then executed (erasure) or applied and later lifted (restriction). The privacy officer sees no case
 * content here: requests, counts and reasons only. Every step is audited (the routes' @Audit, basis `audit_role`).
 */
@Injectable()
export class PrivacyRequestsService {
  constructor(
    private readonly requests: PrivacyRequestsRepository,
    private readonly context: RequestContext,
    private readonly notes: AccessNotes,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    @Inject(LEGAL_HOLD_PORT) private readonly legalHolds: LegalHoldPort,
  ) {}

  async record(input: RecordPrivacyRequestDto): Promise<PrivacyRequestDto> {
    const actor = this.context.actor;
    const memberId = input.memberId ?? null;
    const request = await this.tx.run(async () => {
      const facts = await this.requests.subjectFacts(input.householdId, memberId);
      if (!facts.householdFound || !facts.memberFound) {
        throw PrivacyRequestErrors.create('PRIVACY_REQUEST_SUBJECT_NOT_FOUND', {
          nl: memberId ? `Het huishouden ${input.householdId} heeft geen gezinslid ${memberId} in deze gemeente.` : `Er is geen huishouden ${input.householdId} in deze gemeente.`,
          en: memberId ? `Household ${input.householdId} has no member ${memberId} in this municipality.` : `There is no household ${input.householdId} in this municipality.`,
        });
      }
      this.note(input.householdId);
      return this.requests.insert({
        tenantId: actor.tenantId,
        kind: input.kind,
        householdId: input.householdId,
        memberId,
        reason: input.reason.trim(),
        reference: input.reference?.trim() ?? null,
        requestedById: actor.professionalId,
        requestedAt: this.clock.now(),
      });
    });
    return mapPrivacyRequest(request);
  }

  async list(query: ListPrivacyRequestsQueryDto): Promise<Page<PrivacyRequestDto>> {
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.requests.listPage(this.context.actor.tenantId, query.status, limit, before);
    return toPage(rows, limit, (r) => [instantKey(r.requestedAt), r.id], mapPrivacyRequest);
  }

  async get(id: string): Promise<PrivacyRequestDto> {
    return mapPrivacyRequest(await this.require(id));
  }

  /** What execution would do (erasure) or what the restriction freezes, per category, with counts and reasons. */
  async preview(id: string): Promise<ErasurePreviewDto> {
    const request = await this.require(id);
    const facts = await this.facts(request);
    const categories = request.kind === 'erasure' ? decideErasure(facts) : decideRestriction(facts);
    return { requestId: request.id, kind: request.kind, caseOpen: facts.caseOpen, legalHold: facts.legalHold, categories };
  }

  async approve(id: string, reason: string | undefined): Promise<PrivacyRequestDto> {
    return this.decide(id, 'approved', reason?.trim() ?? null);
  }

  async reject(id: string, reason: string): Promise<PrivacyRequestDto> {
    return this.decide(id, 'rejected', reason.trim());
  }

  /**
   * Erasure: erases what the rules let go, in this one transaction (the request row lock keeps a second execution
   * out), and stores the report. Restriction: makes it active — from now on the database refuses changes to the
   * subject's data and webhooks leave it out.
   */
  async execute(id: string): Promise<PrivacyRequestDto> {
    const actor = this.context.actor;
    const request = await this.tx.run(async () => {
      const current = await this.lockFor(id, (r) => (r.kind === 'erasure' ? 'executed' : 'active'));
      const startedAt = this.clock.now();
      let report: ErasureReport | null = null;
      if (current.kind === 'erasure') {
        await this.requests.lockHousehold(current.householdId);
        const decisions = decideErasure(await this.facts(current));
        const erased = await this.requests.erase(current.id, current.householdId, current.memberId, new Set(toErase(decisions)));
        report = {
          requestId: current.id,
          householdId: current.householdId,
          memberId: current.memberId,
          requestedById: current.requestedById,
          approvedById: current.decidedById ?? '',
          executedById: actor.professionalId,
          startedAt: startedAt.toISOString(),
          finishedAt: this.clock.now().toISOString(),
          categories: decisions.map((d) => ({ ...d, affected: d.disposition === 'keep' ? 0 : (erased[d.category] ?? 0) })),
        };
      }
      await this.move(current, current.kind === 'erasure' ? 'executed' : 'active', { executedById: actor.professionalId, executedAt: this.clock.now(), report });
      if (current.kind === 'restriction') await this.announce(current, 'active');
      return current;
    });
    return this.get(request.id);
  }

  async lift(id: string, reason: string): Promise<PrivacyRequestDto> {
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const current = await this.lockFor(id, () => 'lifted');
      await this.move(current, 'lifted', { liftedById: actor.professionalId, liftedAt: this.clock.now(), liftReason: reason.trim() });
      await this.announce(current, 'lifted');
    });
    return this.get(id);
  }

  async report(id: string): Promise<ErasureReportDto> {
    const request = await this.require(id);
    if (!request.report) {
      throw PrivacyRequestErrors.create('PRIVACY_REQUEST_NO_REPORT', {
        nl: `Verzoek ${id} is (nog) niet uitgevoerd als verzoek tot wissen; een verslag is er pas na uitvoering.`,
        en: `Request ${id} has not been executed as an erasure (yet); a report exists only after execution.`,
      });
    }
    return mapReport(request.report);
  }

  private async decide(id: string, to: 'approved' | 'rejected', reason: string | null): Promise<PrivacyRequestDto> {
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const current = await this.lockFor(id, () => to);
      if (current.requestedById === actor.professionalId) {
        throw PrivacyRequestErrors.create('PRIVACY_REQUEST_FOUR_EYES', {
          nl: 'U hebt dit verzoek zelf vastgelegd; een tweede functionaris gegevensbescherming of een teamleider beslist erover (vier ogen).',
          en: 'You recorded this request yourself; a second data protection officer or a supervisor decides on it (four eyes).',
        });
      }
      await this.move(current, to, { decidedById: actor.professionalId, decidedAt: this.clock.now(), decisionReason: reason });
    });
    return this.get(id);
  }

  /** The request under its row lock, when `to` is a step it may take now; 409 otherwise. */
  private async lockFor(id: string, to: (request: PrivacyRequestEntity) => PrivacyRequestStatus): Promise<PrivacyRequestEntity> {
    const request = await this.requests.lock(this.context.actor.tenantId, id);
    if (!request) throw notFound(id);
    this.note(request.householdId);
    const target = to(request);
    if (!canMove(request.kind, request.status, target)) throw invalidStep(request, target);
    return request;
  }

  private async move(request: PrivacyRequestEntity, to: PrivacyRequestStatus, changes: Parameters<PrivacyRequestsRepository['move']>[2]): Promise<void> {
    if (!(await this.requests.move(request.id, request.status, { ...changes, status: to }))) throw invalidStep(request, to);
  }

  private async facts(request: PrivacyRequestEntity) {
    const subject = await this.requests.subjectFacts(request.householdId, request.memberId);
    return {
      subject: request.memberId ? ('member' as const) : ('household' as const),
      caseOpen: subject.caseOpen,
      legalHold: await this.legalHolds.isHeld(request.tenantId, request.householdId),
      counts: await this.requests.counts(request.householdId, request.memberId),
    };
  }

  private async require(id: string): Promise<PrivacyRequestEntity> {
    const request = await this.requests.findInTenant(this.context.actor.tenantId, id);
    if (!request) throw notFound(id);
    this.note(request.householdId);
    return request;
  }

  /** Tells the coordinator (inbox, e-mail) that a restriction came into force or ended; never partners (internal event). */
  private announce(request: PrivacyRequestEntity, change: 'active' | 'lifted'): Promise<void> {
    return this.outbox.record(
      createEvent(
        'privacy.restriction_changed',
        { tenantId: request.tenantId, aggregateId: request.id, householdId: request.householdId, actorId: this.context.actor.professionalId },
        { requestId: request.id, memberId: request.memberId, change },
      ),
    );
  }

  /** The audit trail records the household on the privacy officer's basis: accounting for processing (no case access). */
  private note(householdId: string): void {
    this.notes.noteAccess(householdId, { basis: 'audit_role', consentId: null });
  }
}

const notFound = (id: string): DomainError =>
  PrivacyRequestErrors.create('PRIVACY_REQUEST_NOT_FOUND', {
    nl: `Er is geen privacyverzoek met id ${id} in deze gemeente.`,
    en: `There is no privacy request with id ${id} in this municipality.`,
  });

const STEP: Record<PrivacyRequestStatus, Text> = {
  recorded: { nl: 'vastgelegd', en: 'recorded' },
  approved: { nl: 'goedgekeurd', en: 'approved' },
  rejected: { nl: 'afgewezen', en: 'rejected' },
  executed: { nl: 'uitgevoerd', en: 'executed' },
  active: { nl: 'van kracht', en: 'in force' },
  lifted: { nl: 'opgeheven', en: 'lifted' },
};

const invalidStep = (request: PrivacyRequestEntity, to: PrivacyRequestStatus): DomainError =>
  PrivacyRequestErrors.create('PRIVACY_REQUEST_INVALID_TRANSITION', {
    nl: `Een verzoek tot ${request.kind === 'erasure' ? 'wissen' : 'beperking'} dat ${STEP[request.status].nl} is, kan niet ${STEP[to].nl} worden.`,
    en: `A${request.kind === 'erasure' ? 'n erasure' : ' restriction'} request that is ${STEP[request.status].en} cannot become ${STEP[to].en}.`,
  });
