import type { SignalSubject } from '../signal-subject.cipher.js';
import type { IntakeItemDto, IntakeItemSignalDto, IntakeOrganisationDto } from './dto/intake-item.dto.js';
import type { IntakeItemRow, IntakeItemSignalRow } from './intake-items.repository.js';

/** `open` decrypts a waiting signal's sealed subject (null when linked or unreadable). */
export function mapIntakeItem(item: IntakeItemRow, signals: IntakeItemSignalRow[], open: (s: IntakeItemSignalRow) => SignalSubject | null): IntakeItemDto {
  const subjects = new Map(signals.map((s) => [s.signalId, open(s)]));
  const firstSubject = signals.map((s) => subjects.get(s.signalId)).find((s): s is NonNullable<typeof s> => s !== null && s !== undefined) ?? null;
  const organisations = new Map<string, IntakeOrganisationDto>();
  for (const s of signals) {
    const at = s.signalledAt.toISOString();
    const known = organisations.get(s.organisationId);
    if (!known) organisations.set(s.organisationId, { organisationId: s.organisationId, name: s.organisationName, firstSignalledAt: at, lastSignalledAt: at, signalCount: 1 });
    else {
      known.signalCount += 1;
      if (at < known.firstSignalledAt) known.firstSignalledAt = at;
      if (at > known.lastSignalledAt) known.lastSignalledAt = at;
    }
  }
  return {
    id: item.id,
    status: item.status,
    openedAt: item.openedAt.toISOString(),
    closedAt: item.closedAt?.toISOString() ?? null,
    outcome: item.outcome,
    closedBy: item.closedById !== null ? { professionalId: item.closedById, name: item.closedByName ?? '' } : null,
    householdId: item.householdId,
    address: firstSubject && { postcode: firstSubject.postcode, houseNumber: firstSubject.houseNumber },
    organisations: [...organisations.values()],
    signals: signals.map((s): IntakeItemSignalDto => ({
      signalId: s.signalId,
      organisation: { organisationId: s.organisationId, name: s.organisationName },
      signalledAt: s.signalledAt.toISOString(),
      joinedAt: s.joinedAt.toISOString(),
      category: s.category,
      severity: s.severity,
      dateOfBirth: subjects.get(s.signalId)?.dateOfBirth ?? null,
      householdId: s.householdId,
    })),
  };
}
