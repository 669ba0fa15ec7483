import type { ErasureReportDto, PrivacyRequestDto } from './dto/privacy-request.dto.js';
import type { PrivacyRequestEntity } from './entities/privacy-request.entity.js';
import type { ErasureReport } from './erasure-report.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const mapPrivacyRequest = (r: PrivacyRequestEntity): PrivacyRequestDto => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  householdId: r.householdId,
  memberId: r.memberId,
  reason: r.reason,
  reference: r.reference,
  requestedById: r.requestedById,
  requestedAt: r.requestedAt.toISOString(),
  decidedById: r.decidedById,
  decidedAt: iso(r.decidedAt),
  decisionReason: r.decisionReason,
  executedById: r.executedById,
  executedAt: iso(r.executedAt),
  liftedById: r.liftedById,
  liftedAt: iso(r.liftedAt),
  liftReason: r.liftReason,
});

export const mapReport = (report: ErasureReport): ErasureReportDto => ({
  ...report,
  categories: report.categories.map((c) => ({ ...c, reason: { nl: c.reason.nl, en: c.reason.en } })),
});
