import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { TransactionHost } from '../database/transaction-host.js';
import { checkLink, GENESIS_HASH } from './audit-chain.js';
import { AuditContext } from './audit-context.js';
import { REPORT_TEXT, type ReportLanguage } from './audit-labels.js';
import { AuditErrors } from './audit.errors.js';
import { chainedEventOf, mapAccessReportEntry, mapAuditEvent } from './audit.mapper.js';
import { AuditRepository } from './audit.repository.js';
import type { AccessReportDto, AccessReportQueryDto, AuditEventDto, ChainVerificationDto, HouseholdAuditQueryDto } from './dto/audit.dto.js';

const VERIFY_BATCH = 1000;


/** Reading the trail: verification of the caller's tenant chain, a household's events, the citizen's access report. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audits: AuditRepository,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly context: AuditContext,
  ) {}

  /** Recomputes the chain in order, a batch at a time, up to the first broken link; then checks the head. */
  verify(): Promise<ChainVerificationDto> {
    return this.tx.run(async () => {
      let prev = { seq: 0, hash: GENESIS_HASH };
      let verified = 0;
      for (let batch = await this.audits.chainBatch(0, VERIFY_BATCH); batch.length > 0; batch = await this.audits.chainBatch(prev.seq, VERIFY_BATCH)) {
        for (const row of batch) {
          const event = chainedEventOf(row);
          const broken = checkLink(event, prev);
          if (broken) return { ok: false, verified, firstBrokenSeq: broken.seq, reason: broken.reason };
          verified++;
          prev = { seq: event.seq, hash: event.hash };
        }
      }
      // events removed from the end leave a head that points past the last event
      const head = await this.audits.head();
      if (head && (head.seq !== prev.seq || head.hash !== prev.hash)) return { ok: false, verified, firstBrokenSeq: prev.seq + 1, reason: 'head_mismatch' };
      return { ok: true, verified, firstBrokenSeq: null, reason: null };
    });
  }

  householdEvents(householdId: string, query: HouseholdAuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.tx.run(async () => {
      await this.requireHousehold(householdId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['int']);
      const rows = await this.audits.householdPage(householdId, after ? Number(after[0]) : undefined, limit + 1);
      return toPage(rows, limit, (row) => [Number(row.seq)], mapAuditEvent);
    });
  }

  accessReport(householdId: string, query: AccessReportQueryDto): Promise<AccessReportDto> {
    return this.tx.run(async () => {
      await this.requireHousehold(householdId);
      if (query.memberId && !(await this.audits.memberOfHousehold(householdId, query.memberId))) {
        throw AuditErrors.create('MEMBER_NOT_FOUND', `No member with id ${query.memberId} in household ${householdId}.`);
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
