import type { CoordinatorSummaryDto, HouseholdDto } from './dto/household.dto.js';
import type { MemberDto } from './dto/member.dto.js';
import type { HouseholdEntity } from './entities/household.entity.js';
import type { MemberEntity } from './entities/member.entity.js';
import type { CurrentCoordinator } from './households.repository.js';

export const mapMember = (m: MemberEntity): MemberDto => ({
  id: m.id,
  givenName: m.givenName,
  familyName: m.familyName,
  dateOfBirth: m.dateOfBirth,
  role: m.role,
  hasBsn: m.bsnHash !== null,
});

const mapCoordinator = (c: CurrentCoordinator | undefined): CoordinatorSummaryDto | null =>
  c ? { professionalId: c.professionalId, name: c.name, since: c.since.toISOString() } : null;

export const mapHousehold = (h: HouseholdEntity, members: MemberEntity[], coordinator: CurrentCoordinator | undefined): HouseholdDto => ({
  id: h.id,
  postcode: h.postcode,
  houseNumber: h.houseNumber,
  houseNumberSuffix: h.houseNumberSuffix,
  district: h.district,
  status: h.status,
  registrationReason: h.registrationReason,
  riskLevel: h.riskLevel,
  episode: h.episode,
  reopenCount: h.reopenCount,
  registeredAt: h.registeredAt.toISOString(),
  intakeStartedAt: h.intakeStartedAt?.toISOString() ?? null,
  closedAt: h.closedAt?.toISOString() ?? null,
  coordinator: mapCoordinator(coordinator),
  members: members.map(mapMember),
  version: h.version,
  createdAt: h.createdAt.toISOString(),
  updatedAt: h.updatedAt.toISOString(),
});
