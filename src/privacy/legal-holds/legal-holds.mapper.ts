import type { LegalHoldDto } from './dto/legal-hold.dto.js';
import type { LegalHoldEntity } from './entities/legal-hold.entity.js';

export const mapLegalHold = (h: LegalHoldEntity): LegalHoldDto => ({
  id: h.id,
  householdId: h.householdId,
  reason: h.reason,
  active: h.liftedAt === null,
  placedById: h.placedById,
  placedAt: h.placedAt.toISOString(),
  liftedById: h.liftedById,
  liftedAt: h.liftedAt?.toISOString() ?? null,
  liftReason: h.liftReason,
});
