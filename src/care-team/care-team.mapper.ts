import type { LinkWithNames } from './care-team.repository.js';
import type { CareTeamLinkDto } from './dto/care-team.dto.js';

export const mapLink = (l: LinkWithNames, today: string): CareTeamLinkDto => ({
  id: l.id,
  organisationId: l.organisationId,
  organisationName: l.organisationName,
  professionalId: l.professionalId,
  professionalName: l.professionalName,
  role: l.role,
  basis: l.basis,
  consentId: l.consentId,
  scope: { domains: l.scopeDomains, memberIds: l.scopeMemberIds, bsn: l.scopeBsn, contactNotes: l.scopeContactNotes },
  startsOn: l.startsOn,
  endsOn: l.endsOn,
  active: l.endedAt === null && l.startsOn <= today && (l.endsOn === null || l.endsOn >= today),
  endedAt: l.endedAt?.toISOString() ?? null,
  endReason: l.endReason,
  createdAt: l.createdAt.toISOString(),
});
