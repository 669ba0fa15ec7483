import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { householdNotFound } from '../access/access.errors.js';
import type { ReaderScope } from '../access/reader-scope.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { CommonErrors } from '../common/domain-error.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { staleVersion } from '../common/etag.js';
import { decodeCursor, pageLimit, filledPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { normalisePostcode } from '../common/validators.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent, type DomainEvent, type DomainEventPayloads, type DomainEventType } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import type { ChangeStatusDto, CreateHouseholdDto, HouseholdDto, ListHouseholdsQueryDto, UpdateHouseholdDto } from './dto/household.dto.js';
import type { CreateMemberDto, MemberDto, UpdateMemberDto } from './dto/member.dto.js';
import type { HouseholdEntity } from './entities/household.entity.js';
import { HouseholdIdentityHooks } from './household-identity.hooks.js';
import type { MemberEntity } from './entities/member.entity.js';
import { CaseGate } from './case-gate.js';
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
    private readonly gate: CaseGate,
    private readonly identity: HouseholdIdentityHooks,
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
      await this.outbox.record(this.event('household.registered', household.id, {}));
      await this.identityChanged(household.id);
      return household.id;
    });
    return this.load(id);
  }

  /**
   * The visibility check, the legal basis for the audit trail and the read (members and coordinator included) are
   * one query: an invisible household is simply not found.
   */
  async get(id: string): Promise<HouseholdDto> {
    const found = await this.households.findVisibleWithDetails(id, this.access.visibleRead('h'));
    if (!found) throw householdNotFound(id);
    const scope = this.access.noteVisible(id, found.access);
    return mapHousehold(found.household, found.members, found.coordinator, scope);
  }

  async list(query: ListHouseholdsQueryDto): Promise<Page<HouseholdDto>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const visible = this.access.visibleHouseholds('h');
    return filledPage(
      limit,
      after,
      async (cursor) => {
        const rows = await this.households.listPage(query, visible, limit, cursor);
        // every row is judged, the one past the page too (it decides whether a next page exists)
        const ids = rows.map((h) => h.id);
        const members = await this.households.findActiveMembers(ids);
        const coordinators = await this.households.currentCoordinators(ids);
        const scopes = await this.access.readerScopes(ids);
        // a household of the page is visible, so it has a scope; none (a race with a link ending) shows no member
        return rows.map((h) => ({ h, scope: scopes.get(h.id), dto: mapHousehold(h, members.filter((m) => m.householdId === h.id), coordinators.get(h.id), scopes.get(h.id) ?? { full: false, grants: [] }) }));
      },
      ({ h }): [string, string] => [instantKey(h.createdAt), h.id],
      // purpose limitation: a text search must not find a household through a member the reader may not see (the
      // answer would tell that this person lives there)
      ({ scope, dto }) => (!query.text || scope?.full === true || matchesVisibly(dto, query.text) ? dto : null),
    );
  }


  async update(id: string, expectedVersion: number, input: UpdateHouseholdDto): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, { nl: 'het huishouden wijzigen', en: 'change the household' });
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
    if (Object.keys(changes).length === 0) throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één veld om te wijzigen.', en: 'Send at least one field to change.' });
    const changed = Object.fromEntries(Object.entries(changes).filter(([field, value]) => current[field as keyof HouseholdEntity] !== value)) as typeof changes;
    // a change that changes nothing writes nothing: no version, no event (DECISIONS.md), as for members and the plan —
    // but the precondition is judged first (RFC 9110 §13.2.2): a stale If-Match is a 412 whatever the body would change
    if (Object.keys(changed).length === 0) {
      if (current.version !== expectedVersion) staleVersion('household', current.version, expectedVersion);
      return this.load(id);
    }
    await this.tx.run(async () => {
      const version = await this.households.updateIfVersion(id, expectedVersion, changed);
      if (version === undefined) staleVersion('household', (await this.requireHousehold(id)).version, expectedVersion);
      await this.outbox.record(this.event('household.updated', id, { fields: Object.keys(changed).filter((f) => f !== 'addressHash') }));
      if ('addressHash' in changed) await this.identityChanged(id);
    });
    return this.load(id);
  }

  async changeStatus(id: string, input: ChangeStatusDto, expectedVersion?: number): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, { nl: 'de status wijzigen', en: 'change the status' });
    await this.gate.change(id, { refuseClosed: { nl: 'Het huishouden is afgesloten. Heropen het eerst.', en: 'The household is closed. Reopen it first.' } }, async (household) => {
      requireVersion(household, expectedVersion);
      if (!canMoveTo(household.status, input.status)) {
        throw HouseholdErrors.create(
          'INVALID_STATUS_TRANSITION',
          {
            nl: `Een huishouden met status ${household.status} kan naar: ${allowedNext(household.status).join(', ') || 'niets'} (afsluiten heeft een eigen route).`,
            en: `A household in status ${household.status} can move to: ${allowedNext(household.status).join(', ') || 'nothing'} (closing has its own route).`,
          },
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

  async close(id: string, reason: string, expectedVersion?: number): Promise<HouseholdDto> {
    await this.access.requireCaseManager(id, { nl: 'de zaak afsluiten', en: 'close the case' });
    await this.gate.change(id, { refuseClosed: { nl: 'Het huishouden is al afgesloten.', en: 'The household is already closed.' } }, async (household) => {
      requireVersion(household, expectedVersion);
      const now = this.clock.now();
      await this.households.updateIfVersion(id, undefined, { status: 'closed', closedAt: now });
      await this.households.endEpisode(id, now, reason.trim());
      await this.households.endActiveInvolvement(id, now, 'Household closed');
      await this.outbox.recordAt(now, this.event('household.closed', id, { episode: household.episode }));
    });
    return this.load(id);
  }

  /** A reopen starts a new episode at `registered`, without coordinator, and counts as recurrence. */
  async reopen(id: string, reason: string, expectedVersion?: number): Promise<HouseholdDto> {
    await this.access.requireVisibleToAct(id, { nl: 'het heropenen', en: 'reopen it' });
    await this.gate.change(id, { allowClosed: true }, async (household) => {
      requireVersion(household, expectedVersion);
      if (household.status !== 'closed') throw HouseholdErrors.create('HOUSEHOLD_NOT_CLOSED', { nl: 'Alleen een afgesloten huishouden kan worden heropend.', en: 'Only a closed household can be reopened.' });
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
      const intakeOrganisationId = await this.households.intakeTeamId(household.tenantId);
      await this.outbox.record(this.event('household.reopened', id, { episode, ...(intakeOrganisationId && { intakeOrganisationId }) }));
      await this.identityChanged(id);
    });
    return this.map(await this.requireHousehold(id), await this.access.readerScope(id));
  }

  /** Members change the household's version; `expectedVersion` is the If-Match the caller sent, if any. */
  async addMember(id: string, input: CreateMemberDto, expectedVersion?: number): Promise<MemberDto> {
    await this.access.requireCaseManager(id, { nl: 'gezinsleden toevoegen', en: 'add members' });
    const member = await this.gate.change(id, { allowClosed: true }, async (household) => {
      const created = await this.insertMember(household, input);
      await this.bumpVersion(id, expectedVersion);
      await this.outbox.record(this.event('member.added', id, { memberId: created.id }));
      await this.identityChanged(id);
      return created;
    });
    return mapMember(member);
  }

  async updateMember(id: string, memberId: string, input: UpdateMemberDto, expectedVersion?: number): Promise<MemberDto> {
    await this.access.requireCaseManager(id, { nl: 'gezinsleden wijzigen', en: 'change members' });
    const changes: Partial<MemberEntity> = {
      ...(input.givenName !== undefined && { givenName: input.givenName.trim() }),
      ...(input.familyName !== undefined && { familyName: input.familyName.trim() }),
      ...(input.dateOfBirth !== undefined && { dateOfBirth: input.dateOfBirth, birthDateHash: this.bsn.birthDateHash(input.dateOfBirth) }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.bsn !== undefined && this.bsnColumns(input.bsn)),
    };
    if (Object.keys(changes).length === 0) throw CommonErrors.create('NOTHING_TO_CHANGE', { nl: 'Stuur minstens één veld om te wijzigen.', en: 'Send at least one field to change.' });
    return this.gate.change(id, { allowClosed: true }, async (household) => {
      const current = await this.requireMember(id, memberId);
      const changed = memberChanges(current, changes);
      // a change that changes nothing writes nothing: no household version, no event (DECISIONS.md) — but the
      // precondition is judged first (RFC 9110 §13.2.2): a stale If-Match is a 412 whatever the body would change
      if (Object.keys(changed).length === 0) {
        requireVersion(household, expectedVersion);
        return mapMember(current);
      }
      await this.households.updateMember(memberId, changed);
      await this.bumpVersion(id, expectedVersion);
      await this.outbox.record(this.event('member.updated', id, { memberId, fields: Object.keys(changed).filter((f) => !f.startsWith('bsn') && !f.endsWith('Hash')) }));
      if (changed.birthDateHash !== undefined || 'bsnHash' in changed) await this.identityChanged(id);
      return mapMember(await this.requireMember(id, memberId));
    });
  }

  async removeMember(id: string, memberId: string, expectedVersion?: number): Promise<void> {
    await this.access.requireCaseManager(id, { nl: 'gezinsleden verwijderen', en: 'remove members' });
    await this.gate.change(id, { allowClosed: true }, async () => {
      await this.requireMember(id, memberId);
      await this.households.updateMember(memberId, { removedAt: this.clock.now() });
      await this.bumpVersion(id, expectedVersion);
      await this.outbox.record(this.event('member.removed', id, { memberId }));
    });
  }

  /** The household's next version; a stale If-Match (the version the caller read) undoes the change with a 412. */
  private async bumpVersion(id: string, expectedVersion: number | undefined): Promise<void> {
    const version = await this.households.updateIfVersion(id, expectedVersion, {});
    if (version === undefined) staleVersion('household', (await this.requireHousehold(id)).version, expectedVersion);
  }

  /** Signals waiting for this household may match it now (re-matched in this transaction). */
  private identityChanged(householdId: string): Promise<void> {
    return this.identity.changed({ tenantId: this.context.actor.tenantId, householdId });
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
    if (!member) {
      throw HouseholdErrors.create('MEMBER_NOT_FOUND', {
        nl: `Het huishouden heeft geen gezinslid met id ${memberId}.`,
        en: `The household has no member with id ${memberId}.`,
      });
    }
    return member;
  }

  private async requireHousehold(id: string): Promise<HouseholdEntity> {
    const household = await this.households.findById(this.context.actor.tenantId, id);
    if (!household) throw householdNotFound(id);
    return household;
  }

  private async load(id: string): Promise<HouseholdDto> {
    return this.map(await this.requireHousehold(id));
  }

  /** Without a scope: the answer to a change, which only case managers make — they see the whole case. */
  private async map(household: HouseholdEntity, scope?: ReaderScope): Promise<HouseholdDto> {
    const members = await this.households.findActiveMembers([household.id]);
    const coordinators = await this.households.currentCoordinators([household.id]);
    return mapHousehold(household, members, coordinators.get(household.id), scope);
  }

  private event<T extends DomainEventType>(type: T, householdId: string, payload: DomainEventPayloads[T]): DomainEvent<T> {
    const actor = this.context.actor;
    return createEvent(type, { tenantId: actor.tenantId, aggregateId: householdId, householdId, actorId: actor.professionalId }, payload);
  }
}

/** The text filter of `listPage` (postcode prefix, district or a member's name, case-insensitive), on what the reader sees. */
function matchesVisibly(h: HouseholdDto, text: string): boolean {
  const wanted = text.trim().toLowerCase();
  const postcode = text.replace(/\s/g, '').toUpperCase();
  return (
    h.postcode.startsWith(postcode) ||
    h.district.toLowerCase().includes(wanted) ||
    h.members.some((m) => `${m.givenName} ${m.familyName}`.toLowerCase().includes(wanted))
  );
}

/**
 * The requested columns whose value differs from the member's. The BSN is compared by its keyed hash: its ciphertext
 * differs on every encryption, so the BSN columns go along only when the number (or its absence) changes.
 */
function memberChanges(current: MemberEntity, requested: Partial<MemberEntity>): Partial<MemberEntity> {
  const changed = Object.fromEntries(
    Object.entries(requested).filter(([column, value]) => !column.startsWith('bsn') && current[column as keyof MemberEntity] !== value),
  ) as Partial<MemberEntity>;
  if ('bsnHash' in requested && requested.bsnHash !== current.bsnHash) {
    Object.assign(changed, { bsnCiphertext: requested.bsnCiphertext, bsnKeyId: requested.bsnKeyId, bsnHash: requested.bsnHash });
  }
  return changed;
}

/**
 * A sent If-Match is evaluated, also where it is optional (RFC 9110 §13.1.1; an outside probe had a stale one ignored
 * on close and reopen): judged on the household read under the case gate's lock, before anything else.
 */
function requireVersion(household: { version: number }, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && household.version !== expectedVersion) staleVersion('household', household.version, expectedVersion);
}
