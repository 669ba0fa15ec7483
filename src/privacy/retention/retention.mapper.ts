import type { RetentionCategoryDto, RetentionRunDto } from './dto/retention.dto.js';
import type { RetentionRunEntity } from './entities/retention-run.entity.js';
import type { RetentionSettingEntity } from './entities/retention-setting.entity.js';
import type { Period } from './retention-period.js';
import { RETENTION_SCHEDULE, type RetentionCategory } from './retention-schedule.js';

const period = (p: Period) => ({ amount: p.amount, unit: p.unit });

export function mapCategory(category: RetentionCategory, effective: Period, override: RetentionSettingEntity | undefined): RetentionCategoryDto {
  const d = RETENTION_SCHEDULE[category];
  return {
    category,
    description: d.description,
    legalBasis: d.legalBasis,
    startsAt: d.startsAt,
    action: d.action,
    period: period(effective),
    defaultPeriod: period(d.defaultPeriod),
    minPeriod: d.bounds ? period(d.bounds.min) : null,
    maxPeriod: d.bounds ? period(d.bounds.max) : null,
    configurable: d.bounds !== null,
    overridden: override !== undefined && d.bounds !== null,
    follows: d.follows ?? null,
    updatedById: override?.updatedById ?? null,
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}

export const mapRun = (r: RetentionRunEntity): RetentionRunDto => ({
  id: r.id,
  runId: r.runId,
  category: r.category as RetentionCategory,
  mode: r.mode,
  trigger: r.trigger,
  rule: r.rule,
  cutoff: r.cutoff?.toISOString() ?? null,
  eligible: r.eligible,
  held: r.held,
  kept: r.kept,
  removed: r.removed,
  oldestStart: r.oldestStart?.toISOString() ?? null,
  newestStart: r.newestStart?.toISOString() ?? null,
  status: r.status,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  durationMs: r.durationMs,
});
