import { STALL_RULES, type StallRule } from '../stall-rules.js';
import type { SnoozeDto, StalledCaseDto, StallFiguresDto } from './dto/stalled.dto.js';
import { figureDays } from './figures.js';
import type { QueueRow, RuleRow } from './review-queue.repository.js';
import type { StallSnoozeEntity } from '../entities/stall-snooze.entity.js';

const byCatalogue = (a: { rule: StallRule }, b: { rule: StallRule }) => STALL_RULES.indexOf(a.rule) - STALL_RULES.indexOf(b.rule);

export function mapStalledCase(row: QueueRow, rules: RuleRow[], today: string, lastEvaluatedAt: Date | undefined): StalledCaseDto {
  const visible = rules.filter((r) => r.snoozed_until === null).sort(byCatalogue);
  const snoozed = rules.filter((r) => r.snoozed_until !== null).sort(byCatalogue);
  return {
    householdId: row.household_id,
    district: row.district,
    status: row.status,
    coordination: {
      state: row.coordinator_id ? 'assigned' : 'vacant',
      coordinator: row.coordinator_id ? { id: row.coordinator_id, name: row.coordinator_name! } : null,
      since: row.coordination_since.toISOString(),
    },
    severity: row.severity,
    stalledSince: row.stalled_since.toISOString(),
    daysStalled: row.days_stalled,
    rules: visible.map((r) => ({
      rule: r.rule,
      since: r.since.toISOString(),
      figures: { ...r.figures, days: figureDays(r.rule, r.figures, today) } as StallFiguresDto,
    })),
    snoozed: snoozed.map((r) => ({ rule: r.rule, until: r.snoozed_until! })),
    lastEvaluatedAt: lastEvaluatedAt?.toISOString() ?? null,
  };
}

export const mapSnooze = (z: StallSnoozeEntity, today: string): SnoozeDto => ({
  id: z.id,
  householdId: z.householdId,
  rule: z.rule,
  until: z.until,
  reason: z.reason,
  active: z.until >= today,
  createdById: z.createdById,
  createdAt: z.createdAt.toISOString(),
});

/** The main figure of a rule for one spreadsheet cell: days, or count and days. */
export function figureText(rule: StallRule, figures: StallFiguresDto): string {
  if (rule === 'ACTIONS_OVERDUE' || rule === 'SIGNAL_UNANSWERED') return `${figures.count ?? 0} (${figures.days ?? 0} d)`;
  if (rule === 'NO_PROGRESS') return `${figures.latestTotal ?? ''} vs ${figures.baselineTotal ?? ''} (${figures.days ?? 0} d)`;
  return `${figures.days ?? 0} d`;
}
