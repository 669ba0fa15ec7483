import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../../access/access.service.js';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { CaseGate } from '../../households/case-gate.js';
import { csvRow, type CsvValue } from '../csv.js';
import { SupervisionErrors } from '../supervision.errors.js';
import { amsterdamDate, STALL_RULES } from '../stall-rules.js';
import type { CreateSnoozeDto, EvaluationResultDto, ListStalledQueryDto, SnoozeDto, StalledCaseDto } from './dto/stalled.dto.js';
import { figureText, mapSnooze, mapStalledCase } from './review-queue.mapper.js';
import { ReviewQueueRepository, type QueueFilter, type QueueKey, type QueueRow, type RuleRow } from './review-queue.repository.js';
import { StallEvaluationRepository } from './stall-evaluation.repository.js';
import { StallEvaluationService } from './stall-evaluation.service.js';

const CSV_BATCH = 1000;
const MAX_SNOOZE_DAYS = 366;

/**
 * The supervisors' review queue, its CSV export, on-demand evaluation and snoozes. Supervisors see the whole
 * municipality; a coordinator (without the supervisor role) sees only the households they coordinate now.
 */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly queue: ReviewQueueRepository,
    private readonly evaluation: StallEvaluationService,
    private readonly evaluationRepository: StallEvaluationRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly gate: CaseGate,
  ) {}

  async list(query: ListStalledQueryDto): Promise<Page<StalledCaseDto>> {
    const limit = pageLimit(query);
    const sort = query.sort ?? 'severity';
    const after = (sort === 'severity' ? decodeCursor(query.cursor, ['int', 'timestamp', 'uuid']) : decodeCursor(query.cursor, ['timestamp', 'uuid'])) as
      | QueueKey
      | undefined;
    const rows = await this.page(this.filter(query), sort, limit, after);
    const items = await this.withRules(rows.slice(0, limit));
    const keyOf = (r: QueueRow): QueueKey =>
      sort === 'severity' ? [-r.severity, instantKey(r.stalled_since), r.household_id] : [instantKey(r.stalled_since), r.household_id];
    const byId = new Map(items.map((i) => [i.householdId, i]));
    return toPage(rows, limit, keyOf, (r) => byId.get(r.household_id)!);
  }

  /**
   * Every matching household as CSV rows (header first), fetched in keyset batches; each data line with the household
   * it shows (its export is audited per household).
   */
  /**
   * Calls `finish` once the request's transaction has committed, and with it the export's audit events (written at
   * commit): the download is completed only then, so no client holds a complete export the trail does not record.
   */
  whenCommitted(finish: () => void): void {
    this.tx.afterCommit(async () => finish());
  }

  async *csv(query: ListStalledQueryDto): AsyncGenerator<{ line: string; householdId?: string }> {
    const filter = this.filter(query);
    const sort = query.sort ?? 'severity';
    yield { line: csvRow(['householdId', 'district', 'status', 'coordination', 'coordinatorId', 'coordinatorName', 'severity', 'stalledSince', 'daysStalled', 'rules', ...STALL_RULES]) };
    let after: QueueKey | undefined;
    for (;;) {
      const rows = await this.page(filter, sort, CSV_BATCH, after);
      const batch = rows.slice(0, CSV_BATCH);
      for (const item of await this.withRules(batch)) yield { line: csvRow(toCsvCells(item)), householdId: item.householdId };
      if (rows.length <= CSV_BATCH) return;
      const last = batch[batch.length - 1]!;
      after = sort === 'severity' ? [-last.severity, instantKey(last.stalled_since), last.household_id] : [instantKey(last.stalled_since), last.household_id];
    }
  }

  async evaluateNow(): Promise<EvaluationResultDto> {
    const actor = this.context.actor;
    const result = await this.evaluation.evaluateTenant(actor.tenantId, this.clock.now(), actor.professionalId);
    if (!result.ran) {
      throw SupervisionErrors.create('EVALUATION_RUNNING', {
        nl: 'Er loopt op dit moment een beoordeling voor uw gemeente; de uitkomsten staan zo in de wachtrij.',
        en: 'An evaluation for your municipality is running right now; its results will be in the queue in a moment.',
      });
    }
    const { tenantId: _tenantId, ran: _ran, evaluatedAt, ...counts } = result;
    return { evaluatedAt: evaluatedAt.toISOString(), ...counts };
  }

  /**
   * Hides one rule for one household up to and including `until`. Applied to the queue at once (under the
   * tenant's evaluation lock): if it was the household's last visible rule, the household leaves the queue
   * (`case.unstalled`); when the snooze ends, the next evaluation shows the rule again.
   */
  async snooze(householdId: string, input: CreateSnoozeDto): Promise<SnoozeDto> {
    await this.access.requireVisible(householdId);
    const actor = this.context.actor;
    const now = this.clock.now();
    const today = amsterdamDate(now);
    const latest = addDays(today, MAX_SNOOZE_DAYS);
    if (input.until < today || input.until > latest) {
      throw SupervisionErrors.create('INVALID_SNOOZE_END', {
        nl: `Een uitstel eindigt tussen vandaag (${today}) en ${latest}.`,
        en: `A snooze ends between today (${today}) and ${latest}.`,
      }, {
        errors: [{ field: 'until', messages: [{ nl: `until moet een datum van ${today} tot en met ${latest} zijn`, en: `until must be a date from ${today} to ${latest}` }] }],
      });
    }
    return this.tx.run(async () => {
      await this.evaluationRepository.lockTenant(actor.tenantId);
      // the tenant's evaluation lock above serialises snoozes with evaluation runs; the household's share lock with a
      // close (a snooze stored in a case closing meanwhile would hide a rule in its next episode)
      await this.gate.open(householdId, { refuseClosed: { nl: 'Het huishouden is afgesloten; afgesloten zaken worden niet beoordeeld, dus er is niets uit te stellen.', en: 'The household is closed; closed cases are not evaluated, so there is nothing to snooze.' }, lock: 'share' });
      const snooze = await this.queue.insertSnooze({
        tenantId: actor.tenantId,
        householdId,
        rule: input.rule,
        until: input.until,
        reason: input.reason.trim(),
        createdById: actor.professionalId,
        createdAt: now,
      });
      await this.evaluationRepository.syncQueue(actor.tenantId, today, now, actor.professionalId, { kind: 'households', householdIds: [householdId] });
      return mapSnooze(snooze, today);
    });
  }

  async snoozes(householdId: string, query: PageQueryDto): Promise<Page<SnoozeDto>> {
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.queue.snoozePage(this.context.actor.tenantId, householdId, limit, after);
    const today = this.clock.today();
    return toPage(rows, limit, (z) => [instantKey(z.createdAt), z.id], (z) => mapSnooze(z, today));
  }

  async getSnooze(householdId: string, snoozeId: string): Promise<SnoozeDto> {
    await this.access.requireVisible(householdId);
    const snooze = await this.queue.findSnooze(this.context.actor.tenantId, householdId, snoozeId);
    if (!snooze) {
      throw SupervisionErrors.create('SNOOZE_NOT_FOUND', {
        nl: `Het huishouden heeft geen uitstel met id ${snoozeId}.`,
        en: `The household has no snooze with id ${snoozeId}.`,
      });
    }
    return mapSnooze(snooze, this.clock.today());
  }

  private filter(query: ListStalledQueryDto): QueueFilter {
    const filter: QueueFilter = {
      rule: query.rule,
      district: query.district?.trim() || undefined,
      coordinatorId: query.coordinatorId,
      coordination: query.coordination,
      organisationId: query.organisationId,
    };
    if (this.context.hasRole('supervisor')) return filter;
    const self = this.context.actor.professionalId;
    if (filter.coordinatorId !== undefined && filter.coordinatorId !== self) {
      throw SupervisionErrors.create('NOT_OWN_CASELOAD', {
        nl: 'Als regisseur ziet u uw eigen stilstaande zaken; de wachtrij van een andere regisseur vraagt een supervisor.',
        en: "As coordinator you see your own stalled cases; another coordinator's queue needs a supervisor.",
      }, {
        errors: [{ field: 'coordinatorId', messages: [{ nl: 'coordinatorId moet uw eigen id zijn of worden weggelaten', en: 'coordinatorId must be your own id or left out' }] }],
      });
    }
    return { ...filter, coordinatorId: self };
  }

  private page(filter: QueueFilter, sort: 'severity' | 'age', limit: number, after?: QueueKey): Promise<QueueRow[]> {
    return this.queue.page(this.context.actor.tenantId, this.clock.today(), filter, sort, limit, after);
  }

  private async withRules(rows: QueueRow[]): Promise<StalledCaseDto[]> {
    const tenantId = this.context.actor.tenantId;
    const today = this.clock.today();
    const rules = await this.queue.openRules(tenantId, today, rows.map((r) => r.household_id));
    const lastEvaluatedAt = rows.length > 0 ? await this.evaluationRepository.lastRun(tenantId) : undefined;
    const byHousehold = new Map<string, RuleRow[]>();
    for (const rule of rules) byHousehold.set(rule.household_id, [...(byHousehold.get(rule.household_id) ?? []), rule]);
    return rows.map((r) => mapStalledCase(r, byHousehold.get(r.household_id) ?? [], today, lastEvaluatedAt));
  }
}

function toCsvCells(item: StalledCaseDto): CsvValue[] {
  const figures = new Map(item.rules.map((r) => [r.rule, figureText(r.rule, r.figures)]));
  return [
    item.householdId,
    item.district,
    item.status,
    item.coordination.state,
    item.coordination.coordinator?.id,
    item.coordination.coordinator?.name,
    item.severity,
    amsterdamDate(new Date(item.stalledSince)),
    item.daysStalled,
    item.rules.map((r) => r.rule).join(', '),
    ...STALL_RULES.map((rule) => figures.get(rule) ?? ''),
  ];
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
