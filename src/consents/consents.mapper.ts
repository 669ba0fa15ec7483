import type { ConsentDto } from './dto/consent.dto.js';
import type { ConsentEntity } from './entities/consent.entity.js';

export const isConsentValid = (c: ConsentEntity, today: string) => c.withdrawnAt === null && c.validFrom <= today && (c.validUntil === null || c.validUntil >= today);

export const mapConsent = (c: ConsentEntity, today: string): ConsentDto => ({
  id: c.id,
  organisationId: c.organisationId,
  memberId: c.memberId,
  purpose: c.purpose,
  domains: c.scopeDomains,
  basis: c.basis,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  valid: isConsentValid(c, today),
  recordedById: c.recordedById,
  recordedAt: c.recordedAt.toISOString(),
  withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
  withdrawalReason: c.withdrawalReason,
});
