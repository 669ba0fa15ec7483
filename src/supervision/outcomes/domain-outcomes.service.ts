import { Injectable } from '@nestjs/common';
import type { Text } from '../../common/language.js';
import { Clock } from '../../common/clock.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { CSV_BOM, csvRow } from '../csv.js';
import { CommonErrors } from '../../common/domain-error.js';
import type { DomainFigureDto, DomainOutcomesDto, DomainOutcomesQueryDto } from './dto/domain-outcomes.dto.js';
import { DomainOutcomesRepository, type DomainMetric } from './domain-outcomes.repository.js';
import { MIN_GROUP_SIZE, protectGroup } from './suppression.js';

const MAX_MONTHS = 36;
const METRICS: DomainMetric[] = ['householdsWithGoals', 'lowSelfReliance', 'recurrence'];

/**
 * Where would a collective offer serve many families at once: per life domain and district, over time, households
 * with an open case in the month (registered or in care: a family waiting for its coordinator is one a collective
 * offer can reach too) with goals in the domain, with low self-reliance scores in it, and reopened ones. Every
 * figure is published as a group (the municipality and its districts) under the same small-group suppression as
 * the outcomes (`protectGroup`): no count of 1–4, none derivable by subtraction. Domains overlap (one household
 * has goals in several), so no sum across domains is published.
 */
@Injectable()
export class DomainOutcomesService {
  constructor(
    private readonly repository: DomainOutcomesRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async report(query: DomainOutcomesQueryDto): Promise<DomainOutcomesDto> {
    const tenantId = this.context.actor.tenantId;
    const current = this.clock.today().slice(0, 7);
    const to = query.to ?? current;
    const from = query.from ?? addMonths(to, -11);
    const months = monthRange(from, to);
    const invalid = (field: string, message: Text) => CommonErrors.create('INVALID_PERIOD', message, { errors: [{ field, messages: [message] }] });
    if (to > current) throw invalid('to', { nl: `to mag niet na de huidige maand (${current}) liggen`, en: `to must not be after the current month (${current})` });
    if (from > to) throw invalid('from', { nl: 'from mag niet na to liggen', en: 'from must not be after to' });
    if (months.length > MAX_MONTHS) throw invalid('from', { nl: `de periode beslaat hoogstens ${MAX_MONTHS} maanden`, en: `the period spans at most ${MAX_MONTHS} months` });

    const [rows, districts, domains] = await this.tx.run(async () => [
      await this.repository.counts(tenantId, from, to),
      await this.repository.districts(tenantId),
      await this.repository.lifeDomains(tenantId),
    ] as const);
    const counts = new Map(rows.map((r) => [`${r.metric}|${r.month}|${r.domain}|${r.district}`, r.n]));
    const figure = (metric: DomainMetric, month: string, domain: string): DomainFigureDto => {
      const parts = districts.map((d) => counts.get(`${metric}|${month}|${domain}|${d}`) ?? 0);
      const total = parts.reduce((a, b) => a + b, 0);
      const protectedGroup = protectGroup(total, parts);
      return { total: protectedGroup.total, districts: districts.map((district, i) => ({ district, count: protectedGroup.parts[i]! })) };
    };
    return {
      from,
      to,
      minimumGroupSize: MIN_GROUP_SIZE,
      districtNames: districts,
      domains: domains.map((d) => ({
        ...d,
        months: months.map((month) => ({
          month,
          householdsWithGoals: figure('householdsWithGoals', month, d.code),
          lowSelfReliance: figure('lowSelfReliance', month, d.code),
          recurrence: figure('recurrence', month, d.code),
        })),
      })),
    };
  }

  /** The same figures, one row per month, domain, figure and area (the municipality first, then each district). */
  toCsv(report: DomainOutcomesDto): string {
    const lines = [CSV_BOM + csvRow(['month', 'domain', 'figure', 'area', 'count', 'suppressed'])];
    for (const domain of report.domains) {
      for (const month of domain.months) {
        for (const metric of METRICS) {
          const f = month[metric];
          lines.push(csvRow([month.month, domain.code, metric, '', f.total.value, f.total.suppressed]));
          for (const d of f.districts) lines.push(csvRow([month.month, domain.code, metric, d.district, d.count.value, d.count.suppressed]));
        }
      }
    }
    return lines.join('');
  }
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length <= MAX_MONTHS; m = addMonths(m, 1)) months.push(m);
  return months;
}
