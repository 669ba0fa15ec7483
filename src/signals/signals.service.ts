import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext, type Actor } from '../common/request-context.js';
import { normalisePostcode } from '../common/validators.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import type { HouseholdEntity } from '../households/entities/household.entity.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import type { CreateSignalDto, ListSignalsQueryDto, SignalDto, SignalInvolvementDto } from './dto/signal.dto.js';
import type { SignalEntity } from './entities/signal.entity.js';
import { decideMatch, pickHousehold, retentionDates } from './signal-matching.js';
import { SignalSubjectCipher } from './signal-subject.cipher.js';
import { SignalErrors, signalNotFound } from './signals.errors.js';
import { mapSignal, type SignalView } from './signals.mapper.js';
import { SignalsRepository, type SignalRow, type SignalScope } from './signals.repository.js';

/**
 * Signals (signalen) and matching, the Verwijsindex idea: organisations register a concern with minimal data;
 * keyed hashes link it to a household; two or more organisations about one household make a match, which is
 * recorded once and announced with ids only (`signal.matched`). A signal never grants access to the household.
 */
@Injectable()
export class SignalsService {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly households: HouseholdsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly cipher: BsnCipher,
    private readonly subjects: SignalSubjectCipher,
  ) {}

  async create(input: CreateSignalDto): Promise<SignalDto> {
    const actor = this.context.actor;
    const postcode = normalisePostcode(input.postcode);
    const keys = {
      addressHash: this.cipher.addressHash(postcode, input.houseNumber),
      birthDateHash: this.cipher.birthDateHash(input.dateOfBirth),
      bsnHash: input.bsn ? this.cipher.hash(input.bsn) : null,
    };
    const bsn = input.bsn ? this.cipher.encrypt(input.bsn) : null;
    const id = await this.tx.run(async () => {
      const now = this.clock.now();
      const household = await this.findHousehold(actor.tenantId, keys);
      const subject = household ? null : this.subjects.seal({ postcode, houseNumber: input.houseNumber, dateOfBirth: input.dateOfBirth });
      const signal = await this.signals.insert({
        tenantId: actor.tenantId,
        organisationId: actor.organisationId,
        signalledById: actor.professionalId,
        householdId: household?.id ?? null,
        householdEpisode: household?.episode ?? null,
        category: input.category,
        severity: input.severity,
        note: input.note.trim(),
        ...keys,
        bsnCiphertext: bsn?.ciphertext ?? null,
        bsnKeyId: bsn?.keyId ?? null,
        subjectCiphertext: subject?.ciphertext ?? null,
        subjectKeyId: subject?.keyId ?? null,
        createdAt: now,
        ...retentionDates(now),
      });
      await this.outbox.record({
        type: 'signal.received',
        tenantId: actor.tenantId,
        aggregateType: 'signal',
        aggregateId: signal.id,
        ...(household && { householdId: household.id }),
        actorId: actor.professionalId,
        payload: { signalId: signal.id, organisationId: actor.organisationId },
      });
      if (household) await this.match(household, signal, now);
      return signal.id;
    });
    return this.get(id);
  }

  async list(query: ListSignalsQueryDto): Promise<Page<SignalDto>> {
    const actor = this.context.actor;
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const tenantWide = await this.seesAllSignals(actor);
    const scope: SignalScope = tenantWide
      ? { kind: 'tenant', tenantId: actor.tenantId }
      : { kind: 'limited', tenantId: actor.tenantId, organisationId: actor.organisationId, professionalId: actor.professionalId };
    const rows = await this.signals.listPage(scope, query, limit, after);
    const map = await this.mapper(rows.slice(0, limit), tenantWide);
    return toPage(rows, limit, (s) => [s.createdAt.toISOString(), s.id], map);
  }

  async get(id: string): Promise<SignalDto> {
    const actor = this.context.actor;
    const row = await this.signals.findWithNames(actor.tenantId, id);
    if (!row) throw signalNotFound(id);
    const map = await this.mapper([row], await this.seesAllSignals(actor));
    return map(row);
  }

  /**
   * The household's coordinator; without one (or without a household) a coordinator of the intake team; or a
   * supervisor. Someone who may not see the signal gets 404, like for one that does not exist.
   */
  async acknowledge(id: string): Promise<SignalDto> {
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const row = await this.signals.findWithNames(actor.tenantId, id);
      if (!row) throw signalNotFound(id);
      const coordinatorId = row.householdId ? await this.access.activeCoordinatorId(row.householdId) : undefined;
      const intakeCoordinator = await this.isIntakeCoordinator(actor);
      const supervisor = actor.roles.includes('supervisor');
      const visible = supervisor || intakeCoordinator || row.organisationId === actor.organisationId || coordinatorId === actor.professionalId;
      if (!visible) throw signalNotFound(id);
      const allowed = supervisor || (coordinatorId !== undefined ? coordinatorId === actor.professionalId : intakeCoordinator);
      if (!allowed) {
        throw SignalErrors.create(
          'NOT_ALLOWED_TO_ACKNOWLEDGE',
          coordinatorId !== undefined
            ? "Only the household's coordinator or a supervisor may acknowledge this signal."
            : 'Only a coordinator of the intake team or a supervisor may acknowledge a signal without coordinator.',
        );
      }
      if (!(await this.signals.acknowledge(id, this.clock.now(), actor.professionalId))) {
        throw SignalErrors.create('SIGNAL_ALREADY_ACKNOWLEDGED', `Signal ${id} has already been acknowledged; nothing to do.`);
      }
      await this.outbox.record({
        type: 'signal.acknowledged',
        tenantId: actor.tenantId,
        aggregateType: 'signal',
        aggregateId: id,
        ...(row.householdId && { householdId: row.householdId }),
        actorId: actor.professionalId,
        payload: { signalId: id, organisationId: row.organisationId },
      });
    });
    return this.get(id);
  }

  /**
   * The one non-closed household at the address with a member matching by BSN or date of birth, locked so that
   * concurrent signals about it serialise; none when there is none, several, or it closed meanwhile.
   */
  private async findHousehold(tenantId: string, keys: { addressHash: string; birthDateHash: string; bsnHash: string | null }): Promise<HouseholdEntity | null> {
    const candidates = await this.signals.findMemberCandidates(tenantId, keys.addressHash, keys.birthDateHash, keys.bsnHash);
    const pick = pickHousehold(keys, candidates);
    if (pick.kind !== 'one') return null;
    const household = await this.households.lockById(tenantId, pick.householdId);
    return household && household.status !== 'closed' ? household : null;
  }

  /** Runs under the household row lock: records the match once per episode and tells each organisation once. */
  private async match(household: HouseholdEntity, signal: SignalEntity, now: Date): Promise<void> {
    const existing = await this.signals.findMatch(household.id, household.episode);
    const matchOrganisationIds = existing ? await this.signals.matchOrganisationIds(existing.id) : null;
    const active = existing ? [] : await this.signals.activeEpisodeSignals(household.id, household.episode, now);
    const decision = decideMatch(
      { id: signal.id, organisationId: signal.organisationId, signalledById: signal.signalledById, matchId: null },
      active,
      matchOrganisationIds,
    );
    if (decision.kind === 'none') return;

    let matchId: string;
    let announce: { signalIds: string[]; organisationIds: string[]; signallerIds: string[] } | undefined;
    if (decision.kind === 'new') {
      const match = await this.signals.insertMatch({ tenantId: household.tenantId, householdId: household.id, episode: household.episode, createdAt: now });
      matchId = match.id;
      await this.signals.addMatchOrganisations(household.tenantId, matchId, decision.organisationIds, now);
      await this.signals.attachToMatch(decision.signalIds, matchId, now);
      announce = { signalIds: decision.signalIds, organisationIds: decision.organisationIds, signallerIds: decision.signallerIds };
    } else {
      matchId = existing!.id;
      await this.signals.attachToMatch([signal.id], matchId, now);
      if (decision.newOrganisation) {
        await this.signals.addMatchOrganisations(household.tenantId, matchId, [signal.organisationId], now);
        announce = { signalIds: [signal.id], organisationIds: [signal.organisationId], signallerIds: [signal.signalledById] };
      }
    }
    if (!announce) return;
    await this.outbox.record({
      type: 'signal.matched',
      tenantId: household.tenantId,
      aggregateType: 'signal',
      aggregateId: signal.id,
      householdId: household.id,
      // The match is the system's finding, not the last signaller's act: no actor, so nobody is left out.
      payload: { matchId, householdId: household.id, ...announce, ...(await this.recipientHint(household)) },
    });
  }

  /** Who picks the match up: the coordinator, or without one the intake team. */
  private async recipientHint(household: HouseholdEntity): Promise<{ coordinatorId: string } | { intakeOrganisationId: string } | Record<string, never>> {
    const coordinatorId = await this.access.activeCoordinatorId(household.id);
    if (coordinatorId) return { coordinatorId };
    const intake = await this.signals.intakeOrganisation(household.tenantId);
    return intake ? { intakeOrganisationId: intake.organisationId } : {};
  }

  private seesAllSignals(actor: Actor): Promise<boolean> {
    return actor.roles.includes('supervisor') ? Promise.resolve(true) : this.isIntakeCoordinator(actor);
  }

  private async isIntakeCoordinator(actor: Actor): Promise<boolean> {
    return actor.roles.includes('coordinator') && (await this.signals.isIntakeOrganisation(actor.tenantId, actor.organisationId));
  }

  /**
   * Loads what the rows' views need in a few queries and returns the row mapper. Rows outside the actor's
   * reach never get here (the list is scoped; single reads are checked).
   */
  private async mapper(rows: SignalRow[], tenantWide: boolean): Promise<(row: SignalRow) => SignalDto> {
    const actor = this.context.actor;
    const now = this.clock.now();
    const householdIds = unique(rows.flatMap((r) => (r.householdId ? [r.householdId] : [])));
    const coordinators = await this.signals.activeCoordinators(householdIds);
    const viewOf = (r: SignalRow): SignalView | undefined =>
      tenantWide || (r.householdId !== null && coordinators.get(r.householdId)?.professionalId === actor.professionalId)
        ? 'full'
        : r.organisationId === actor.organisationId
          ? 'own'
          : undefined;
    const views = new Map(rows.map((r) => [r.id, viewOf(r)]));
    const unseen = rows.find((r) => views.get(r.id) === undefined);
    if (unseen) throw signalNotFound(unseen.id);

    const ownHouseholds = unique(rows.flatMap((r) => (views.get(r.id) === 'own' && r.householdId ? [r.householdId] : [])));
    const visible = await this.signals.visibleHouseholdIds(ownHouseholds, this.access.visibleHouseholds('h'));
    const matchIds = unique(rows.flatMap((r) => (r.matchId ? [r.matchId] : [])));
    const matchOrganisations = await this.signals.matchOrganisations(matchIds);
    const needsIntake = rows.some((r) => r.matchId && r.householdId && !coordinators.has(r.householdId));
    const intake = needsIntake ? await this.signals.intakeOrganisation(actor.tenantId) : undefined;

    const involvement = (r: SignalRow): SignalInvolvementDto | null => {
      if (!r.matchId || !r.householdId) return null;
      const coordinator = coordinators.get(r.householdId) ?? null;
      return { organisations: matchOrganisations.get(r.matchId) ?? [], coordinator, intakeTeam: coordinator ? null : (intake ?? null) };
    };
    return (r) => {
      const view = views.get(r.id)!;
      return mapSignal(r, {
        view,
        householdVisible: view === 'full' || (r.householdId !== null && visible.has(r.householdId)),
        involvement: involvement(r),
        subject: view === 'full' && r.subjectCiphertext && r.subjectKeyId ? this.subjects.open(r.subjectCiphertext, r.subjectKeyId) : null,
        now,
      });
    };
  }
}

const unique = (values: string[]) => [...new Set(values)];
