import type { CaseItem } from '../../access/reader-scope.js';
import type { EscalationDto } from './dto/escalation.dto.js';
import type { EscalationEntity } from './entities/escalation.entity.js';
import type { EscalationRow } from './escalations.repository.js';

export const mapEscalation = ({ escalation: e, openedByName, resolvedByName }: EscalationRow): EscalationDto => ({
  id: e.id,
  householdId: e.householdId,
  status: e.resolvedAt === null ? 'open' : 'resolved',
  reason: e.reason,
  domains: e.domainCodes,
  memberIds: e.memberIds,
  openedBy: { professionalId: e.openedById, name: openedByName },
  openedAt: e.openedAt.toISOString(),
  resolvedAt: e.resolvedAt?.toISOString() ?? null,
  resolvedBy: e.resolvedById === null ? null : { professionalId: e.resolvedById, name: resolvedByName ?? '' },
  outcome: e.outcome,
});

/**
 * What an escalation is about (purpose limitation): its domains (none: no domain in particular), its members (none:
 * the household as a whole), and — its reason and outcome being free-text case notes — the `contact_notes` category.
 * The SQL twin is the `escalation.*` branch of `eventCaseItem` (access/event-case-item.sql.ts).
 */
export const escalationItem = (e: Pick<EscalationEntity, 'domainCodes' | 'memberIds'>): CaseItem => ({ domains: e.domainCodes, memberIds: e.memberIds, category: 'contact_notes' });
