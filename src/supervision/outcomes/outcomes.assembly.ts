import type { CountCellDto, DistrictOutcomeDto, DomainProgressDto, MonthOutcomeDto } from './dto/outcomes.dto.js';
import type { FlowRow, ProgressRow, StalledRow, StatusRow } from './outcomes.repository.js';
import { dependentFigure, protectGroup, type Cell } from './suppression.js';

export interface RawOutcomes {
  status: StatusRow[];
  flows: FlowRow[];
  stalled: StalledRow[];
  progress: ProgressRow[];
}

interface Scope {
  registered: number;
  inCare: number;
  closed: number;
  registeredInMonth: number;
  closedInMonth: number;
  reopened: number;
  medianDaysOpen: number | null;
  stalled: number;
  domains: Map<string, { households: number; averageChange: number }>;
}

const COUNTS = ['registered', 'inCare', 'closed', 'registeredInMonth', 'closedInMonth', 'reopened', 'stalled'] as const;

const emptyScope = (): Scope => ({
  registered: 0,
  inCare: 0,
  closed: 0,
  registeredInMonth: 0,
  closedInMonth: 0,
  reopened: 0,
  medianDaysOpen: null,
  stalled: 0,
  domains: new Map(),
});

/**
 * Turns the raw rows into the report with every count protected (suppression.ts): for each month and measure
 * the municipality figure and all district figures form one group. The whole table is protected first and only
 * then narrowed to one district, so asking for a single district shows exactly what the full report shows.
 */
export function assembleOutcomes(raw: RawOutcomes, months: string[], districts: string[]): { months: MonthOutcomeDto[]; districts: DistrictOutcomeDto[] } {
  const scopes = new Map<string, Scope>();
  const scope = (month: string, district: string | null) => {
    const key = `${month}\u0000${district ?? ''}\u0000${district === null ? 'T' : 'D'}`;
    let s = scopes.get(key);
    if (!s) scopes.set(key, (s = emptyScope()));
    return s;
  };
  for (const r of raw.status) Object.assign(scope(r.month, r.district), { registered: r.registered, inCare: r.in_care, closed: r.closed });
  for (const r of raw.flows) {
    Object.assign(scope(r.month, r.district), {
      registeredInMonth: r.registered_in_month,
      closedInMonth: r.closed_in_month,
      reopened: r.reopened_within_12_months,
      medianDaysOpen: r.median_days_open === null ? null : Math.round(r.median_days_open * 10) / 10,
    });
  }
  for (const r of raw.stalled) scope(r.month, r.district).stalled = r.stalled;
  for (const r of raw.progress) scope(r.month, r.district).domains.set(r.domain_code, { households: r.households, averageChange: Math.round(r.average_change * 100) / 100 });

  const total: MonthOutcomeDto[] = [];
  const perDistrict: MonthOutcomeDto[][] = districts.map(() => []);
  for (const month of months) {
    const t = scope(month, null);
    const ds = districts.map((d) => scope(month, d));
    const cells = {} as Record<(typeof COUNTS)[number], { total: Cell; parts: Cell[] }>;
    for (const measure of COUNTS) cells[measure] = protectGroup(t[measure], ds.map((d) => d[measure]));
    const domainCodes = [...t.domains.keys()].sort();
    const domainCells = domainCodes.map((code) =>
      protectGroup(
        t.domains.get(code)!.households,
        ds.map((d) => d.domains.get(code)?.households ?? 0),
      ),
    );
    const build = (s: Scope, pick: (g: { total: Cell; parts: Cell[] }) => Cell): MonthOutcomeDto => {
      const closedInMonth = pick(cells.closedInMonth);
      return {
        month,
        statusAtMonthEnd: { registered: pick(cells.registered), inCare: pick(cells.inCare), closed: pick(cells.closed) },
        registeredInMonth: pick(cells.registeredInMonth),
        closedInMonth,
        reopenedWithin12Months: pick(cells.reopened),
        medianDaysOpen: dependentFigure(s.medianDaysOpen, closedInMonth),
        stalledAtMonthEnd: pick(cells.stalled),
        assessmentProgress: domainCodes.map((domainCode, i): DomainProgressDto => {
          const households = pick(domainCells[i]!) as CountCellDto;
          return { domainCode, households, averageChange: dependentFigure(s.domains.get(domainCode)?.averageChange ?? null, households) };
        }),
      };
    };
    total.push(build(t, (g) => g.total));
    ds.forEach((d, i) => perDistrict[i]!.push(build(d, (g) => g.parts[i]!)));
  }
  return { months: total, districts: districts.map((district, i) => ({ district, months: perDistrict[i]! })) };
}
