import { Injectable } from '@nestjs/common';
import type { Text } from '../../common/language.js';
import { Clock } from '../../common/clock.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { CommonErrors } from '../../common/domain-error.js';
import type { OutcomesDto, OutcomesQueryDto } from './dto/outcomes.dto.js';
import { assembleOutcomes } from './outcomes.assembly.js';
import { OutcomesRepository } from './outcomes.repository.js';
import { addMonths, monthRange } from './months.js';
import { MIN_GROUP_SIZE } from './suppression.js';

const MAX_MONTHS = 36;

@Injectable()
export class OutcomesService {
  constructor(
    private readonly outcomes: OutcomesRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async report(query: OutcomesQueryDto): Promise<OutcomesDto> {
    const tenantId = this.context.actor.tenantId;
    const now = this.clock.now();
    const today = this.clock.today();
    const current = today.slice(0, 7);
    const to = query.to ?? current;
    const from = query.from ?? addMonths(to, -11);
    const months = from <= to ? monthRange(from, addMonths(from, MAX_MONTHS)).filter((m) => m <= to) : [];
    const invalid = (field: string, message: Text) =>
      CommonErrors.create('INVALID_PERIOD', message, { errors: [{ field, messages: [message] }] });
    if (to > current) throw invalid('to', { nl: `to mag niet na de huidige maand (${current}) liggen`, en: `to must not be after the current month (${current})` });
    if (from > to) throw invalid('from', { nl: 'from mag niet na to liggen', en: 'from must not be after to' });
    if (months.length > MAX_MONTHS) throw invalid('from', { nl: `de periode beslaat hoogstens ${MAX_MONTHS} maanden`, en: `the period spans at most ${MAX_MONTHS} months` });

    // the status-and-flow block is protected from the municipality's first month on (canonical), whatever window is asked
    const [status, flows, stalled, progress, districts, stallUnmeasured, stallHistoryStart] = await this.tx.run(async () => {
      await this.outcomes.withoutJit();
      const first = await this.outcomes.firstMonth(tenantId);
      const historyFrom = first !== null && first < from ? first : from;
      return [
        await this.outcomes.statusAtMonthEnd(tenantId, historyFrom, to, now, today),
        await this.outcomes.flows(tenantId, historyFrom, to, now, today),
        await this.outcomes.stalledAtMonthEnd(tenantId, from, to, now, today),
        await this.outcomes.assessmentProgress(tenantId, from, to, now, today),
        await this.outcomes.districts(tenantId),
        (await this.outcomes.unmeasuredStallMonths(tenantId, from, to, now, today)).map((r) => r.month),
        await this.outcomes.stallHistoryStart(tenantId),
      ] as const;
    });
    const report = assembleOutcomes({ status, flows, stalled, progress, stallUnmeasured }, months, districts);
    const head = { from, to, minimumGroupSize: MIN_GROUP_SIZE, stalledMeasuredFrom: stallHistoryStart?.toISOString() ?? null };
    const wanted = query.district?.trim().toLowerCase();
    if (!wanted) return { ...head, district: null, ...report };
    const chosen = report.districts.filter((d) => d.district.toLowerCase() === wanted);
    const district = chosen[0]?.district ?? query.district!.trim();
    const onlyMonths = chosen.length === 1 ? chosen[0]!.months : assembleOutcomes({ status: [], flows: [], stalled: [], progress: [], stallUnmeasured }, months, []).months;
    return { ...head, district, months: onlyMonths, districts: chosen };
  }
}
