import type { CountCellDto, DistrictOutcomeDto, DomainProgressDto, MonthOutcomeDto } from './dto/outcomes.dto.js';
import type { FlowRow, ProgressRow, StalledRow, StatusRow } from './outcomes.repository.js';
import { LINKED_MEASURES, protectLinkedTable } from './linked-suppression.js';
import { monthRange } from './months.js';
import { dependentFigure, protectGroup, type Cell } from './suppression.js';

export interface RawOutcomes {
  status: StatusRow[];
  flows: FlowRow[];
  stalled: StalledRow[];
  progress: ProgressRow[];
  /** Months that ended before the municipality's first stall evaluation: their stalled counts are not known. */
  stallUnmeasured?: string[];
}

/** A count nobody measured: null, and not because it was suppressed. */
const NOT_MEASURED: Cell = { value: null, suppressed: false };

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
 * Turns the raw rows into the report with every count protected. The status-and-flow block (stocks at month end,
 * registered, closed and reopened in the month) is one linked table (linked-suppression.ts): it is protected month
 * by month from the first month of `raw.status`/`raw.flows` — the caller passes them from the municipality's first
 * month with a household, whatever window is asked — and only then cut to `months`. Stalled counts and assessment
 * progress have no relation but "municipality = Σ districts": `protectGroup` per month and measure. The whole
 * table is protected first and only then narrowed to one district (by the caller), so asking for a window or a
 * single district shows exactly what the full report shows for it.
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

  const last = months[months.length - 1];
  const dataMonths = [...raw.status, ...raw.flows].map((r) => r.month).filter((m) => last !== undefined && m <= last);
  const first = [months[0], ...dataMonths].filter((m): m is string => m !== undefined).sort()[0];
  const history = first !== undefined && last !== undefined ? monthRange(first, last) : [];
  const linked = protectLinkedTable(history.map((month) => [scope(month, null), ...districts.map((d) => scope(month, d))]));
  const historyIndex = new Map(history.map((m, t) => [m, t]));
  const unmeasured = new Set(raw.stallUnmeasured ?? []);
  const cell = (n: number, isHidden: boolean): Cell => (isHidden ? { value: null, suppressed: true } : { value: n, suppressed: false });

  const total: MonthOutcomeDto[] = [];
  const perDistrict: MonthOutcomeDto[][] = districts.map(() => []);
  for (const month of months) {
    const t = scope(month, null);
    const ds = districts.map((d) => scope(month, d));
    const flags = linked.hidden[historyIndex.get(month) ?? -1];
    const cells = {} as Record<(typeof LINKED_MEASURES)[number] | 'stalled', { total: Cell; parts: Cell[] }>;
    LINKED_MEASURES.forEach((measure, j) => {
      cells[measure] = {
        total: cell(t[measure], flags?.[0]?.[j] ?? false),
        parts: ds.map((d, i) => cell(d[measure], flags?.[i + 1]?.[j] ?? false)),
      };
    });
    cells.stalled = unmeasured.has(month) ? { total: NOT_MEASURED, parts: ds.map(() => NOT_MEASURED) } : protectGroup(t.stalled, ds.map((d) => d.stalled));
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
