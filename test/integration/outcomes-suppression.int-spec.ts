import type { DataSource } from 'typeorm';
import { assembleOutcomes } from '../../src/supervision/outcomes/outcomes.assembly.js';
import { OutcomesRepository } from '../../src/supervision/outcomes/outcomes.repository.js';
import type { CountCellDto, MonthOutcomeDto } from '../../src/supervision/outcomes/dto/outcomes.dto.js';
import { household, municipality, ownerDb, ownerHost, type Municipality } from './support.js';

/**
 * The outcome queries against real rows, then the small-cell protection over what they return: no published count
 * is 1–4, and no hidden district count follows from the municipality's figure minus the shown districts.
 */
const TODAY = '2026-06-15';
const NOW = new Date(`${TODAY}T13:00:00Z`);
const MONTH = '2026-05';
/** Households registered in May per district; D gets its only household in June (a zero in May). */
const REGISTERED_IN_MAY: Record<string, number> = { A: 7, B: 6, C: 3, D: 0 };

let db: DataSource;
let m: Municipality;
let outcomes: OutcomesRepository;

beforeAll(async () => {
  db = await ownerDb();
  m = await municipality(db);
  outcomes = new OutcomesRepository(ownerHost(db));
  for (const [district, n] of Object.entries(REGISTERED_IN_MAY)) {
    for (let i = 0; i < n; i++) await household(db, m, { registeredOn: `${MONTH}-${String(10 + i).padStart(2, '0')}`, status: 'registered', district, intakeOn: null });
  }
  await household(db, m, { registeredOn: '2026-06-02', status: 'registered', district: 'D', intakeOn: null });
}, 60_000);

afterAll(async () => {
  await db?.destroy();
});

type Report = { months: MonthOutcomeDto[]; districts: Array<{ district: string; months: MonthOutcomeDto[] }> };

/** As the service asks: the status-and-flow block from `historyFrom` (the first month with a household), the rest for the window. */
async function report(from = MONTH, to = MONTH, historyFrom = from): Promise<Report> {
  const raw = {
    status: await outcomes.statusAtMonthEnd(m.tenantId, historyFrom, to, NOW, TODAY),
    flows: await outcomes.flows(m.tenantId, historyFrom, to, NOW, TODAY),
    stalled: await outcomes.stalledAtMonthEnd(m.tenantId, from, to, NOW, TODAY),
    progress: await outcomes.assessmentProgress(m.tenantId, from, to, NOW, TODAY),
  };
  return assembleOutcomes(raw, from <= to ? (from === to ? [from] : [from, to]) : [], await outcomes.districts(m.tenantId));
}

/** Every count of one month's figures, by name. */
function counts(month: MonthOutcomeDto): Record<string, CountCellDto> {
  return {
    registered: month.statusAtMonthEnd.registered,
    inCare: month.statusAtMonthEnd.inCare,
    closed: month.statusAtMonthEnd.closed,
    registeredInMonth: month.registeredInMonth,
    closedInMonth: month.closedInMonth,
    reopenedWithin12Months: month.reopenedWithin12Months,
    stalledAtMonthEnd: month.stalledAtMonthEnd,
  };
}

describe('outcomes suppression over the outcome queries (repository tier)', () => {
  it('the queries count what happened: registrations per district and for the municipality, by the month end', async () => {
    const rows = await outcomes.statusAtMonthEnd(m.tenantId, MONTH, MONTH, NOW, TODAY);
    const registered = Object.fromEntries(rows.map((r) => [r.district ?? 'total', r.registered]));
    expect(registered).toEqual({ A: 7, B: 6, C: 3, total: 16 });
    const flows = await outcomes.flows(m.tenantId, MONTH, MONTH, NOW, TODAY);
    expect(Object.fromEntries(flows.map((r) => [r.district ?? 'total', r.registered_in_month]))).toEqual({ A: 7, B: 6, C: 3, total: 16 });
  });

  it('publishes no count from 1 to 4, and hides the next-smallest district so C cannot be worked out by subtraction', async () => {
    const { months, districts } = await report();
    const published = [months[0]!, ...districts.map((d) => d.months[0]!)].flatMap((month) => Object.values(counts(month)));
    for (const cell of published) {
      if (cell.suppressed) expect(cell.value).toBeNull();
      else expect(cell.value === 0 || cell.value! >= 5).toBe(true);
    }
    const byDistrict = Object.fromEntries(districts.map((d) => [d.district, d.months[0]!.registeredInMonth]));
    expect(months[0]!.registeredInMonth).toEqual({ value: 16, suppressed: false });
    expect(byDistrict).toEqual({
      A: { value: 7, suppressed: false },
      B: { value: null, suppressed: true },
      C: { value: null, suppressed: true },
      D: { value: 0, suppressed: false },
    });
  });

  it('in every group the municipality figure minus the shown districts is 0 or the sum of two or more hidden districts of at least 5', async () => {
    const { months, districts } = await report();
    const total = counts(months[0]!);
    for (const measure of Object.keys(total)) {
      const parts = districts.map((d) => counts(d.months[0]!)[measure]!);
      if (total[measure]!.suppressed) continue;
      const hidden = parts.filter((p) => p.suppressed);
      const rest = total[measure]!.value! - parts.reduce((sum, p) => sum + (p.value ?? 0), 0);
      // 0 is never hidden, so a remainder of 0 means nothing is hidden; otherwise it must not single one district out
      if (hidden.length === 0) expect(rest).toBe(0);
      else expect({ hiddenDistricts: hidden.length >= 2, remainderNotSmall: rest >= 5 }).toEqual({ hiddenDistricts: true, remainderNotSmall: true });
    }
  });

  it('the linked protection starts at the municipality\'s first month, so June alone shows what May–June shows for June', async () => {
    expect(await outcomes.firstMonth(m.tenantId)).toBe(MONTH);
    const both = await report(MONTH, '2026-06');
    const juneAlone = await report('2026-06', '2026-06', (await outcomes.firstMonth(m.tenantId))!);
    expect(juneAlone.months).toEqual(both.months.slice(1));
    expect(juneAlone.districts).toEqual(both.districts.map((d) => ({ district: d.district, months: d.months.slice(1) })));
    // C's 3 households: registered this month and still registered — hidden in both, and N(C) = 3 is not shown anywhere
    const c = both.districts.find((d) => d.district === 'C')!.months[0]!;
    expect([c.registeredInMonth, c.statusAtMonthEnd.registered]).toEqual([
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);
  });
});
