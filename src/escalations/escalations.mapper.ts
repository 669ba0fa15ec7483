import type { EscalationDto } from './dto/escalation.dto.js';
import type { EscalationRow } from './escalations.repository.js';

export const mapEscalation = ({ escalation: e, openedByName, resolvedByName }: EscalationRow): EscalationDto => ({
  id: e.id,
  householdId: e.householdId,
  status: e.resolvedAt === null ? 'open' : 'resolved',
  reason: e.reason,
  openedBy: { professionalId: e.openedById, name: openedByName },
  openedAt: e.openedAt.toISOString(),
  resolvedAt: e.resolvedAt?.toISOString() ?? null,
  resolvedBy: e.resolvedById === null ? null : { professionalId: e.resolvedById, name: resolvedByName ?? '' },
  outcome: e.outcome,
});
