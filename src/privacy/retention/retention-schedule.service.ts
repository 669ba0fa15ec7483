import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { staleVersion } from '../../common/etag.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import type { RetentionCategoryDto, RetentionRunDto, RetentionScheduleDto, UpdateRetentionPeriodDto } from './dto/retention.dto.js';
import { describePeriod, periodAtLeast, type Period } from './retention-period.js';
import { effectiveSchedule, isRetentionCategory, RETENTION_CATEGORIES, RETENTION_SCHEDULE, type RetentionCategory } from './retention-schedule.js';
import { RetentionErrors } from './retention.errors.js';
import { mapCategory, mapRun } from './retention.mapper.js';
import { RetentionRepository } from './retention.repository.js';

/** The municipality's retention schedule (defaults in code, overrides per category) and its recorded runs. */
@Injectable()
export class RetentionScheduleService {
  constructor(
    private readonly retention: RetentionRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async schedule(): Promise<RetentionScheduleDto> {
    const { tenantId } = this.context.actor;
    const overrides = await this.retention.overrides(tenantId);
    const effective = effectiveSchedule(overrides);
    const byCategory = new Map(overrides.map((o) => [o.category, o]));
    return { version: await this.retention.version(tenantId), items: RETENTION_CATEGORIES.map((c) => mapCategory(c, effective[c], byCategory.get(c))) };
  }

  /**
   * Sets one category's period, under If-Match on the whole schedule (one change is checked against the others):
   * within the category's bounds, and audit events never shorter than the case file.
   */
  async update(category: string, expectedVersion: number, input: UpdateRetentionPeriodDto): Promise<{ item: RetentionCategoryDto; version: number }> {
    const code = requireCategory(category);
    const { tenantId, professionalId } = this.context.actor;
    return this.tx.run(async () => {
      await this.retention.lockSchedule(tenantId);
      const current = await this.retention.version(tenantId);
      if (current !== expectedVersion) staleVersion('retention schedule', current, expectedVersion);
      const wanted: Period = { amount: input.amount, unit: input.unit };
      checkBounds(code, wanted);
      const overrides = await this.retention.overrides(tenantId);
      const next = effectiveSchedule([...overrides.filter((o) => o.category !== code), { category: code, ...wanted }]);
      if (!periodAtLeast(next.audit_events, next.case_file)) {
        throw RetentionErrors.create('RETENTION_AUDIT_TOO_SHORT', {
          nl: `Auditgegevens worden minstens zo lang bewaard als het dossier waarover ze gaan: audit ${describePeriod(next.audit_events)}, dossier ${describePeriod(next.case_file)}. Verleng eerst de audittermijn, of kort de dossiertermijn niet zo ver in.`,
          en: `Audit events are kept at least as long as the case file they concern: audit ${describePeriod(next.audit_events)}, case file ${describePeriod(next.case_file)}. Lengthen the audit period first, or shorten the case-file period less.`,
        }, { errors: [{ field: 'amount', messages: [{ nl: 'audittermijn korter dan de dossiertermijn', en: 'audit period shorter than the case-file period' }] }] });
      }
      if (!(await this.retention.bumpVersion(tenantId, current))) staleVersion('retention schedule', await this.retention.version(tenantId));
      await this.retention.upsertSetting({ tenantId, category: code, amount: wanted.amount, unit: wanted.unit, updatedById: professionalId, updatedAt: this.clock.now() });
      const saved = (await this.retention.findSetting(tenantId, code)) ?? undefined;
      return { item: mapCategory(code, next[code], saved), version: current + 1 };
    });
  }

  async runs(query: PageQueryDto): Promise<Page<RetentionRunDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.retention.listRuns(this.context.actor.tenantId, limit, after);
    return toPage(rows, limit, (r) => [instantKey(r.startedAt), r.id], mapRun);
  }
}

function requireCategory(category: string): RetentionCategory {
  if (isRetentionCategory(category)) return category;
  throw RetentionErrors.create('RETENTION_CATEGORY_NOT_FOUND', {
    nl: `Er is geen bewaarcategorie "${category.slice(0, 40)}". De categorieën zijn: ${RETENTION_CATEGORIES.join(', ')}.`,
    en: `There is no retention category "${category.slice(0, 40)}". The categories are: ${RETENTION_CATEGORIES.join(', ')}.`,
  });
}

function checkBounds(category: RetentionCategory, wanted: Period): void {
  const { bounds, follows } = RETENTION_SCHEDULE[category];
  if (!bounds) {
    throw RetentionErrors.create('RETENTION_CATEGORY_FIXED', {
      nl: follows
        ? `De termijn van ${category} volgt die van ${follows}: wijzig ${follows}.`
        : `De termijn van ${category} ligt vast (${describePeriod(RETENTION_SCHEDULE[category].defaultPeriod)}) en kan niet worden gewijzigd.`,
      en: follows
        ? `The period of ${category} follows that of ${follows}: change ${follows} instead.`
        : `The period of ${category} is fixed (${describePeriod(RETENTION_SCHEDULE[category].defaultPeriod)}) and cannot be changed.`,
    });
  }
  if (!periodAtLeast(wanted, bounds.min) || !periodAtLeast(bounds.max, wanted)) {
    throw RetentionErrors.create('RETENTION_PERIOD_OUT_OF_BOUNDS', {
      nl: `De termijn van ${category} moet tussen ${describePeriod(bounds.min)} en ${describePeriod(bounds.max)} liggen (gevraagd: ${describePeriod(wanted)}).`,
      en: `The period of ${category} must lie between ${describePeriod(bounds.min)} and ${describePeriod(bounds.max)} (asked: ${describePeriod(wanted)}).`,
    }, { errors: [{ field: 'amount', messages: [{ nl: 'buiten de grenzen van de categorie', en: "outside the category's bounds" }] }] });
  }
}
