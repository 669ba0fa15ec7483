import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { staleVersion } from '../common/etag.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { normalisePostcode } from '../common/validators.js';
import { TransactionHost } from '../database/transaction-host.js';
import type { DomainEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import type { ChangeStatusDto, CreateHouseholdDto, HouseholdDto, ListHouseholdsQueryDto, UpdateHouseholdDto } from './dto/household.dto.js';
import type { CreateMemberDto, MemberDto, UpdateMemberDto } from './dto/member.dto.js';
import type { HouseholdEntity } from './entities/household.entity.js';
import type { MemberEntity } from './entities/member.entity.js';
import { allowedNext, canMoveTo } from './household-status.js';
import { HouseholdErrors } from './households.errors.js';
import { mapHousehold, mapMember } from './households.mapper.js';
import { HouseholdsRepository } from './households.repository.js';

@Injectable()
export class HouseholdsService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly bsn: BsnCipher,
  ) {}

  async create(input: CreateHouseholdDto): Promise<HouseholdDto> {
    const actor = this.context.actor;
    const now = this.clock.now();
    const id = await this.tx.run(async () => {
      const household = await this.households.insertHousehold({
        tenantId: actor.tenantId,
        postcode: normalisePostcode(input.postcode),
        houseNumber: input.houseNumber,
        houseNumberSuffix: input.houseNumberSuffix?.trim() || null,
        district: input.district.trim(),
        addressHash: this.bsn.addressHash(input.postcode, input.houseNumber),
        status: 'registered',
        registrationReason: input.registrationReason.trim(),
        riskLevel: input.riskLevel,
        episode: 1,
        reopenCount: 0,
        registeredAt: now,
        intakeStartedAt: null,
        closedAt: null,
      });
      await this.households.insertEpisode({ tenantId: actor.tenantId, householdId: household.id, number: 1, startedAt: now, reopenReason: null });
      for (const member of input.members ?? []) await this.insertMember(household, member);
      await this.outbox.record(this.event('household.registered', household.id));
      return household.id;
    });
    return this.load(id);
  }

  /** The visibility check and the read are one query: an invisible household is simply not found. */
  async get(id: string): Promise<HouseholdDto> {
    const household = await this.households.findVisible(id, this.access.visibleHouseholds('h'));
    if (!household) throw householdNotFound(id);
    return this.map(household);
  }

  async list(query: ListHouseholdsQueryDto): Promise<Page<HouseholdDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.households.listPage(query, this.access.visibleHouseholds('h'), limit, after);
    const pageRows = rows.slice(0, limit);
    const ids = pageRows.map((h) => h.id);
    const members = await this.households.findActiveMembers(ids);
    const coordinators = await this.households.currentCoordinators(ids);
    return toPage(
      rows,
      limit,
      (h) => [h.createdAt.toISOString(), h.id],
      (h) => mapHousehold(h, members.filter((m) => m.householdId === h.id), coordinators.get(h.id)),
    );
  }

  async update(id: string, expectedVersion: number, input: UpdateHouseholdDto): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, 'change the household');
    const current = await this.requireHousehold(id);
    const postcode = input.postcode !== undefined ? normalisePostcode(input.postcode) : current.postcode;
    const houseNumber = input.houseNumber ?? current.houseNumber;
    const changes = {
      ...(input.postcode !== undefined && { postcode }),
      ...(input.houseNumber !== undefined && { houseNumber }),
      ...((input.postcode !== undefined || input.houseNumber !== undefined) && { addressHash: this.bsn.addressHash(postcode, houseNumber) }),
      ...(input.houseNumberSuffix !== undefined && { houseNumberSuffix: input.houseNumberSuffix?.trim() || null }),
      ...(input.district !== undefined && { district: input.district.trim() }),
      ...(input.registrationReason !== undefined && { registrationReason: input.registrationReason.trim() }),
      ...(input.riskLevel !== undefined && { riskLevel: input.riskLevel }),
    };
    if (Object.keys(changes).length === 0) throw HouseholdErrors.create('NOTHING_TO_CHANGE', 'Send at least one field to change.');
    await this.tx.run(async () => {
      const version = await this.households.updateIfVersion(id, expectedVersion, changes);
      if (version === undefined) staleVersion('household', (await this.requireHousehold(id)).version);
      await this.outbox.record(this.event('household.updated', id, { fields: Object.keys(changes).filter((f) => f !== 'addressHash') }));
    });
    return this.load(id);
  }

  async changeStatus(id: string, input: ChangeStatusDto): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, 'change the status');
    await this.tx.run(async () => {
      const household = await this.lock(id);
      if (household.status === 'closed') throw HouseholdErrors.create('HOUSEHOLD_CLOSED', 'The household is closed. Reopen it first.');
      if (!canMoveTo(household.status, input.status)) {
        throw HouseholdErrors.create(
          'INVALID_STATUS_TRANSITION',
          `A household in status ${household.status} can move to: ${allowedNext(household.status).join(', ') || 'nothing'} (closing has its own route).`,
        );
      }
      if (household.status === input.status) return;
      await this.households.updateIfVersion(id, undefined, {
        status: input.status,
        ...(input.status === 'intake' && !household.intakeStartedAt && { intakeStartedAt: this.clock.now() }),
      });
      await this.outbox.record(this.event('household.status_changed', id, { from: household.status, to: input.status }));
    });
    return this.load(id);
  }

  async close(id: string, reason: string): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, 'close the case');
    await this.tx.run(async () => {
      const household = await this.lock(id);
      if (household.status === 'closed') throw HouseholdErrors.create('HOUSEHOLD_CLOSED', 'The household is already closed.');
      const now = this.clock.now();
      await this.households.updateIfVersion(id, undefined, { status: 'closed', closedAt: now });
      await this.households.endEpisode(id, now, reason.trim());
      await this.households.endActiveInvolvement(id, now, 'Household closed');
      await this.outbox.recordAt(now, this.event('household.closed', id, { episode: household.episode }));
    });
    return this.load(id);
  }

  /** A reopen starts a new episode at `registered`, without coordinator, and counts as recurrence. */
  async reopen(id: string, reason: string): Promise<HouseholdDto> {
    await this.access.requireVisible(id);
    await this.tx.run(async () => {
      const household = await this.lock(id);
      if (household.status !== 'closed') throw HouseholdErrors.create('HOUSEHOLD_NOT_CLOSED', 'Only a closed household can be reopened.');
      const now = this.clock.now();
      const episode = household.episode + 1;
      await this.households.updateIfVersion(id, undefined, {
        status: 'registered',
        closedAt: null,
        intakeStartedAt: null,
        episode,
        reopenCount: household.reopenCount + 1,
      });
      await this.households.insertEpisode({ tenantId: household.tenantId, householdId: id, number: episode, startedAt: now, reopenReason: reason.trim() });
      await this.outbox.record(this.event('household.reopened', id, { episode }));
    });
    return this.load(id);
  }

  async addMember(id: string, input: CreateMemberDto): Promise<MemberDto> {
    await this.access.requireCaseManager(id, 'add members');
    const member = await this.tx.run(async () => {
      const household = await this.lock(id);
      const created = await this.insertMember(household, input);
      await this.households.updateIfVersion(id, undefined, {});
      await this.outbox.record(this.event('member.added', id, { memberId: created.id }));
      return created;
    });
    return mapMember(member);
  }

  async updateMember(id: string, memberId: string, input: UpdateMemberDto): Promise<MemberDto> {
    await this.access.requireCaseManager(id, 'change members');
    const changes: Partial<MemberEntity> = {
      ...(input.givenName !== undefined && { givenName: input.givenName.trim() }),
      ...(input.familyName !== undefined && { familyName: input.familyName.trim() }),
      ...(input.dateOfBirth !== undefined && { dateOfBirth: input.dateOfBirth, birthDateHash: this.bsn.birthDateHash(input.dateOfBirth) }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.bsn !== undefined && this.bsnColumns(input.bsn)),
    };
    if (Object.keys(changes).length === 0) throw HouseholdErrors.create('NOTHING_TO_CHANGE', 'Send at least one field to change.');
    return this.tx.run(async () => {
      await this.lock(id);
      await this.requireMember(id, memberId);
      await this.households.updateMember(memberId, changes);
      await this.households.updateIfVersion(id, undefined, {});
      await this.outbox.record(this.event('member.updated', id, { memberId, fields: Object.keys(changes).filter((f) => !f.startsWith('bsn') && !f.endsWith('Hash')) }));
      return mapMember(await this.requireMember(id, memberId));
    });
  }

  async removeMember(id: string, memberId: string): Promise<void> {
    await this.access.requireCaseManager(id, 'remove members');
    await this.tx.run(async () => {
      await this.lock(id);
      await this.requireMember(id, memberId);
      await this.households.updateMember(memberId, { removedAt: this.clock.now() });
      await this.households.updateIfVersion(id, undefined, {});
      await this.outbox.record(this.event('member.removed', id, { memberId }));
    });
  }

  private async insertMember(household: HouseholdEntity, input: CreateMemberDto): Promise<MemberEntity> {
    return this.households.insertMember({
      tenantId: household.tenantId,
      householdId: household.id,
      givenName: input.givenName.trim(),
      familyName: input.familyName.trim(),
      dateOfBirth: input.dateOfBirth,
      birthDateHash: this.bsn.birthDateHash(input.dateOfBirth),
      role: input.role,
      ...this.bsnColumns(input.bsn ?? null),
    });
  }

  private bsnColumns(bsn: string | null): Pick<MemberEntity, 'bsnCiphertext' | 'bsnKeyId' | 'bsnHash'> {
    if (bsn === null) return { bsnCiphertext: null, bsnKeyId: null, bsnHash: null };
    const { ciphertext, keyId } = this.bsn.encrypt(bsn);
    return { bsnCiphertext: ciphertext, bsnKeyId: keyId, bsnHash: this.bsn.hash(bsn) };
  }

  private async requireMember(householdId: string, memberId: string): Promise<MemberEntity> {
    const member = await this.households.findActiveMember(householdId, memberId);
    if (!member) throw HouseholdErrors.create('MEMBER_NOT_FOUND', `The household has no member with id ${memberId}.`);
    return member;
  }

  private async requireHousehold(id: string): Promise<HouseholdEntity> {
    const household = await this.households.findById(this.context.actor.tenantId, id);
    if (!household) throw householdNotFound(id);
    return household;
  }

  private async lock(id: string): Promise<HouseholdEntity> {
    const household = await this.households.lockById(this.context.actor.tenantId, id);
    if (!household) throw householdNotFound(id);
    return household;
  }

  private async load(id: string): Promise<HouseholdDto> {
    return this.map(await this.requireHousehold(id));
  }

  private async map(household: HouseholdEntity): Promise<HouseholdDto> {
    const members = await this.households.findActiveMembers([household.id]);
    const coordinators = await this.households.currentCoordinators([household.id]);
    return mapHousehold(household, members, coordinators.get(household.id));
  }

  private event(type: DomainEvent['type'], householdId: string, payload?: DomainEvent['payload']): DomainEvent {
    const actor = this.context.actor;
    return { type, tenantId: actor.tenantId, aggregateType: 'household', aggregateId: householdId, householdId, actorId: actor.professionalId, payload };
  }
}
