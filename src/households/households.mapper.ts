import { FULL_SCOPE, HOUSEHOLD_NOTE, memberItem, scopeCovers, type ReaderScope } from '../access/reader-scope.js';
import type { CoordinatorSummaryDto, HouseholdDto } from './dto/household.dto.js';
import type { MemberDto } from './dto/member.dto.js';
import type { HouseholdEntity } from './entities/household.entity.js';
import type { MemberEntity } from './entities/member.entity.js';
import type { CurrentCoordinator } from './households.repository.js';

/** `bsnInScope: false`: the reader's scope does not open BSNs, so not even whether one is on record is told. */
export const mapMember = (m: MemberEntity, bsnInScope = true): MemberDto => ({
  id: m.id,
  givenName: m.givenName,
  familyName: m.familyName,
  dateOfBirth: m.dateOfBirth,
  role: m.role,
  hasBsn: bsnInScope ? m.bsnHash !== null : null,
});

/** The members a reader may see (purpose limitation), each with the BSN indicator only where their scope opens it. */
export const mapMembersInScope = (members: MemberEntity[], scope: ReaderScope): MemberDto[] =>
  members.filter((m) => scopeCovers(scope, memberItem(m.id))).map((m) => mapMember(m, scopeCovers(scope, { memberIds: [m.id], category: 'bsn' })));

const mapCoordinator = (c: CurrentCoordinator | undefined): CoordinatorSummaryDto | null =>
  c ? { professionalId: c.professionalId, name: c.name, since: c.since.toISOString() } : null;

export const mapHousehold = (h: HouseholdEntity, members: MemberEntity[], coordinator: CurrentCoordinator | undefined, scope: ReaderScope = FULL_SCOPE('coordinator')): HouseholdDto => ({
  id: h.id,
  postcode: h.postcode,
  houseNumber: h.houseNumber,
  houseNumberSuffix: h.houseNumberSuffix,
  district: h.district,
  status: h.status,
  // the aanmeldreden is often the case's most sensitive line: a case note of the whole household (docs/DECISIONS.md)
  registrationReason: scopeCovers(scope, HOUSEHOLD_NOTE) ? h.registrationReason : null,
  riskLevel: h.riskLevel,
  episode: h.episode,
  reopenCount: h.reopenCount,
  registeredAt: h.registeredAt.toISOString(),
  intakeStartedAt: h.intakeStartedAt?.toISOString() ?? null,
  closedAt: h.closedAt?.toISOString() ?? null,
  coordinator: mapCoordinator(coordinator),
  members: mapMembersInScope(members, scope),
  version: h.version,
  createdAt: h.createdAt.toISOString(),
  updatedAt: h.updatedAt.toISOString(),
});
