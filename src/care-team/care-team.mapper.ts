import { FULL_SCOPE, HOUSEHOLD_NOTE, memberItem, scopeCovers, type ReaderScope } from '../access/reader-scope.js';
import type { LinkWithNames } from './care-team.repository.js';
import type { CareTeamLinkDto } from './dto/care-team.dto.js';

/**
 * A link as `reader` sees it: who works with the family is visible to everyone involved, but a narrowed partner does
 * not learn, through another link's scope, the ids of members hidden from it, nor why a link ended (free text about
 * the household: `HOUSEHOLD_NOTE`).
 */
export const mapLink = (l: LinkWithNames, today: string, reader: ReaderScope = FULL_SCOPE('coordinator')): CareTeamLinkDto => ({
  id: l.id,
  organisationId: l.organisationId,
  organisationName: l.organisationName,
  professionalId: l.professionalId,
  professionalName: l.professionalName,
  role: l.role,
  basis: l.basis,
  consentId: l.consentId,
  scope: {
    domains: l.scopeDomains,
    memberIds: l.scopeMemberIds && l.scopeMemberIds.filter((id) => scopeCovers(reader, memberItem(id))),
    bsn: l.scopeBsn,
    contactNotes: l.scopeContactNotes,
  },
  startsOn: l.startsOn,
  endsOn: l.endsOn,
  active: l.endedAt === null && l.startsOn <= today && (l.endsOn === null || l.endsOn >= today),
  endedAt: l.endedAt?.toISOString() ?? null,
  endReason: scopeCovers(reader, HOUSEHOLD_NOTE) ? l.endReason : null,
  createdAt: l.createdAt.toISOString(),
});
