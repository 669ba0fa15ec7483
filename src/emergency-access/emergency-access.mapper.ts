import type { EmergencyAccessDto, HouseholdEmergencyAccessDto } from './dto/emergency-access.dto.js';
import type { EmergencyAccessEntity } from './entities/emergency-access.entity.js';
import { grantStateAt } from './emergency-access.values.js';

/** For the privacy officer: the grant with its review. */
export function mapEmergencyAccess(grant: EmergencyAccessEntity, now: Date): EmergencyAccessDto {
  return {
    ...mapHouseholdEmergencyAccess(grant, now),
    review:
      grant.reviewedAt && grant.reviewedById && grant.reviewOutcome
        ? { outcome: grant.reviewOutcome, note: grant.reviewNote, reviewedById: grant.reviewedById, reviewedAt: grant.reviewedAt.toISOString() }
        : null,
  };
}

/** For the household's coordinator and supervisors: the grant without the privacy officer's review. */
export function mapHouseholdEmergencyAccess(grant: EmergencyAccessEntity, now: Date): HouseholdEmergencyAccessDto {
  return {
    id: grant.id,
    householdId: grant.householdId,
    professionalId: grant.professionalId,
    reason: grant.reason,
    grantedAt: grant.grantedAt.toISOString(),
    expiresAt: grant.expiresAt.toISOString(),
    endedAt: grant.endedAt?.toISOString() ?? null,
    state: grantStateAt(grant, now),
  };
}
