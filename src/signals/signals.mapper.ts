import type { SignalDto, SignalIntakeDto, SignalInvolvementDto } from './dto/signal.dto.js';
import type { SignalSubject } from './signal-subject.cipher.js';
import type { SignalStatus } from './signal-values.js';
import type { SignalRow } from './signals.repository.js';

/**
 * `full`: the intake team's coordinators, supervisors and the household's coordinator — everything except the
 * BSN. `own`: the signalling organisation — its own signal and, once matched, who is involved; the household
 * only when it may see it anyway (care team), and never the acknowledger (that would reveal a coordinator).
 */
export type SignalView = 'full' | 'own';

export interface SignalMapContext {
  view: SignalView;
  /** The household id may be shown (full view, or the actor may see the household). */
  householdVisible: boolean;
  involvement: SignalInvolvementDto | null;
  subject: SignalSubject | null;
  /** The signal's intake item, with its id only in the full view. */
  intake: SignalIntakeDto | null;
  now: Date;
}

export const signalStatus = (s: Pick<SignalRow, 'matchedAt' | 'acknowledgedAt'>): SignalStatus =>
  s.acknowledgedAt !== null ? 'acknowledged' : s.matchedAt !== null ? 'matched' : 'unmatched';

export function mapSignal(s: SignalRow, ctx: SignalMapContext): SignalDto {
  const full = ctx.view === 'full';
  return {
    id: s.id,
    organisation: { organisationId: s.organisationId, name: s.organisationName },
    signalledBy: { professionalId: s.signalledById, name: s.signalledByName },
    category: s.category,
    severity: s.severity,
    note: s.note,
    hasBsn: s.bsnHash !== null,
    status: signalStatus(s),
    householdId: s.householdId !== null && (full || ctx.householdVisible) ? s.householdId : null,
    involvement: s.matchId !== null ? ctx.involvement : null,
    subject: full ? ctx.subject : null,
    intake: ctx.intake && { ...ctx.intake, intakeItemId: full ? ctx.intake.intakeItemId : null },
    createdAt: s.createdAt.toISOString(),
    matchedAt: s.matchedAt?.toISOString() ?? null,
    acknowledgedAt: s.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: full && s.acknowledgedById !== null ? { professionalId: s.acknowledgedById, name: s.acknowledgedByName ?? '' } : null,
    activeUntil: s.activeUntil.toISOString(),
    retainUntil: s.retainUntil.toISOString(),
    active: s.activeUntil.getTime() > ctx.now.getTime(),
  };
}
