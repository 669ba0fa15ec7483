import { FULL_SCOPE, HOUSEHOLD_NOTE, scopeCovers, type CaseItem, type ReaderScope } from '../access/reader-scope.js';
import type { ConsentDto } from './dto/consent.dto.js';
import type { ConsentEntity } from './entities/consent.entity.js';

export const isConsentValid = (c: ConsentEntity, today: string) => c.withdrawnAt === null && c.validFrom <= today && (c.validUntil === null || c.validUntil >= today);

/**
 * What a consent is about, for purpose limitation: the member it was given for (none: the household) and the life
 * domains it names (none: every one) — its purpose may name a treatment or a debt settlement. The SQL twin for its
 * withdrawal's news is in access/event-case-item.sql.ts.
 */
export const consentItem = (c: Pick<ConsentEntity, 'memberId' | 'scopeDomains'>): CaseItem => ({ memberIds: c.memberId === null ? null : [c.memberId], domains: c.scopeDomains });

/** `reader`: why a consent was withdrawn is free text about the household, a case note of the whole household. */
export const mapConsent = (c: ConsentEntity, today: string, reader: ReaderScope = FULL_SCOPE('coordinator')): ConsentDto => ({
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
  withdrawalReason: scopeCovers(reader, HOUSEHOLD_NOTE) ? c.withdrawalReason : null,
});
