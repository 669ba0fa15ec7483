import { Inject, Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { TransactionHost } from '../database/transaction-host.js';
import { AuditContext } from './audit-context.js';
import { AuditKeyring } from './audit-keys.js';
import { REPORT_TEXT, type ReportLanguage } from './audit-labels.js';
import { ChainVerifier } from './audit-verifier.js';
import { AuditErrors } from './audit.errors.js';
import { mapAccessReportEntry, mapAuditEvent, mapCheckpoint } from './audit.mapper.js';
import { AuditRepository } from './audit.repository.js';
import type {
  AccessReportDto,
  AccessReportQueryDto,
  AuditCheckpointPageDto,
  AuditEventDto,
  ChainVerificationDto,
  CheckpointQueryDto,
  HouseholdAuditQueryDto,
} from './dto/audit.dto.js';

/** Reading the trail: verification of the caller's tenant chain, its checkpoints, a household's events, the citizen's access report. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audits: AuditRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly context: AuditContext,
    private readonly keys: AuditKeyring,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: RequestContext,
  ) {}

  /**
   * Recomputes the caller's tenant chains with the seal key, checks every stored checkpoint, and every checkpoint
   * handed in (held outside: a truncated tail shows against those); stops at the first cut.
   */
  verify(external: string[] = []): Promise<ChainVerificationDto> {
    const { tenantId } = this.actors.actor;
    return this.tx.run(() => new ChainVerifier(this.keys, this.audits.chainReader(), this.config.audit.lookbackMs).verifyTenant(tenantId, external));
  }

  /** The caller's tenant checkpoints, oldest first, with the key that checks their signatures. */
  checkpoints(query: CheckpointQueryDto): Promise<AuditCheckpointPageDto> {
    const { tenantId } = this.actors.actor;
    return this.tx.run(async () => {
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['bigint']);
      const rows = await this.audits.chainReader().checkpointPage(tenantId, after ? Number(after[0]) : undefined, limit + 1);
      return { ...toPage(rows, limit, (row) => [Number(row.id)], mapCheckpoint), publicKey: this.keys.publicJwk as Record<string, unknown> };
    });
  }

  householdEvents(householdId: string, query: HouseholdAuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.tx.run(async () => {
      await this.requireHousehold(householdId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['bigint']);
      const rows = await this.audits.householdPage(householdId, after ? Number(after[0]) : undefined, limit + 1);
      const seals = await this.audits.macsOf(rows.map((r) => r.seq));
      return toPage(rows, limit, (row) => [Number(row.seq)], (row) => mapAuditEvent(row, seals.get(row.seq) ?? null));
    });
  }

  accessReport(householdId: string, query: AccessReportQueryDto): Promise<AccessReportDto> {
    return this.tx.run(async () => {
      await this.requireHousehold(householdId);
      if (query.memberId && !(await this.audits.memberOfHousehold(householdId, query.memberId))) {
        throw AuditErrors.create('MEMBER_NOT_FOUND', {
          nl: `Er is geen gezinslid met id ${query.memberId} in huishouden ${householdId}.`,
          en: `No member with id ${query.memberId} in household ${householdId}.`,
        });
      }
      const lang: ReportLanguage = query.lang ?? 'nl';
      const rows = await this.audits.accessReport(householdId, query.memberId);
      const columns = Object.fromEntries(Object.entries(REPORT_TEXT.columns).map(([key, labels]) => [key, labels[lang]]));
      return {
        language: lang,
        title: REPORT_TEXT.title[lang],
        scope: (query.memberId ? REPORT_TEXT.scopeMember : REPORT_TEXT.scopeHousehold)[lang],
        householdId,
        memberId: query.memberId ?? null,
        generatedAt: this.clock.now().toISOString(),
        columns,
        entries: rows.map((row) => mapAccessReportEntry(row, lang)),
      };
    });
  }

  /**
   * Supervisors and privacy officers answer for the whole tenant: any household of it (row-level security keeps
   * other tenants' out, which then answer 404 like a missing id).
   */
  private async requireHousehold(householdId: string): Promise<void> {
    if (!(await this.audits.householdExists(householdId))) throw householdNotFound(householdId);
    this.context.noteAccess(householdId, { basis: 'audit_role', consentId: null });
  }
}
