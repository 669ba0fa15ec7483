import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { BsnCipher } from '../common/crypto/bsn-cipher.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext, type Actor } from '../common/request-context.js';
import { normalisePostcode } from '../common/validators.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import type { HouseholdEntity } from '../households/entities/household.entity.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import type { CreateSignalDto, ListSignalsQueryDto, SignalDto, SignalIntakeDto, SignalInvolvementDto } from './dto/signal.dto.js';
import { IntakeItemsRepository } from './intake/intake-items.repository.js';
import { IntakeLedger } from './intake/intake-ledger.js';
import { SignalMatcher } from './signal-matcher.js';
import { pickHousehold, retentionDates } from './signal-matching.js';
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
    private readonly matcher: SignalMatcher,
    private readonly intake: IntakeLedger,
    private readonly intakeItems: IntakeItemsRepository,
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
      await this.outbox.record(
        createEvent(
          'signal.received',
          { tenantId: actor.tenantId, aggregateId: signal.id, ...(household && { householdId: household.id }), actorId: actor.professionalId },
          { signalId: signal.id, organisationId: actor.organisationId },
        ),
      );
      if (household) await this.matcher.match(household, signal, now);
      else await this.intake.signalWaits(actor.tenantId, keys.addressHash, signal, now);
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
    return toPage(rows, limit, (s) => [instantKey(s.createdAt), s.id], map);
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
          {
            nl:
              coordinatorId !== undefined
                ? 'Alleen de regisseur van het huishouden of een supervisor mag dit signaal bevestigen.'
                : 'Alleen een regisseur van het intaketeam of een supervisor mag een signaal zonder regisseur bevestigen.',
            en:
              coordinatorId !== undefined
                ? "Only the household's coordinator or a supervisor may acknowledge this signal."
                : 'Only a coordinator of the intake team or a supervisor may acknowledge a signal without coordinator.',
          },
        );
      }
      if (!(await this.signals.acknowledge(id, this.clock.now(), actor.professionalId))) {
        throw SignalErrors.create('SIGNAL_ALREADY_ACKNOWLEDGED', {
          nl: `Signaal ${id} is al bevestigd; er is niets te doen.`,
          en: `Signal ${id} has already been acknowledged; nothing to do.`,
        });
      }
      await this.outbox.record(
        createEvent(
          'signal.acknowledged',
          { tenantId: actor.tenantId, aggregateId: id, ...(row.householdId && { householdId: row.householdId }), actorId: actor.professionalId },
          { signalId: id, organisationId: row.organisationId },
        ),
      );
    });
    return this.get(id);
  }

  /**
   * The one non-closed household at the address with a member matching by BSN or date of birth, locked so that
   * concurrent signals about it serialise; none when there is none, several, or it closed meanwhile. Without one
   * the signal will wait, so the address lock is taken and the question asked again: a household registered at
   * this moment is then either seen here or re-matches this signal itself (SignalRematchService).
   */
  private async findHousehold(tenantId: string, keys: { addressHash: string; birthDateHash: string; bsnHash: string | null }): Promise<HouseholdEntity | null> {
    const first = await this.pick(tenantId, keys);
    if (first) {
      const household = await this.households.lockById(tenantId, first);
      if (household && household.status !== 'closed') return household;
    }
    await this.signals.lockAddress(tenantId, keys.addressHash);
    const again = await this.pick(tenantId, keys);
    if (!again || (again !== first && !(await this.signals.lockHouseholdUnlessDeadlocked(tenantId, again)))) return null;
    const household = await this.households.findById(tenantId, again);
    return household && household.status !== 'closed' ? household : null;
  }

  private async pick(tenantId: string, keys: { addressHash: string; birthDateHash: string; bsnHash: string | null }): Promise<string | null> {
    const pick = pickHousehold(keys, await this.signals.findMemberCandidates(tenantId, keys.addressHash, keys.birthDateHash, keys.bsnHash));
    return pick.kind === 'one' ? pick.householdId : null;
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
    const items = await this.intakeItems.itemOfSignals(rows.map((r) => r.id));
    const needsIntake = items.size > 0 || rows.some((r) => r.matchId && r.householdId && !coordinators.has(r.householdId));
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
        intake: intakeOf(items.get(r.id), intake ?? null),
        now,
      });
    };
  }
}

const unique = (values: string[]) => [...new Set(values)];

const intakeOf = (item: { intakeItemId: string; status: 'open' | 'closed' } | undefined, intakeTeam: SignalIntakeDto['intakeTeam']): SignalIntakeDto | null =>
  item ? { intakeItemId: item.intakeItemId, status: item.status, intakeTeam } : null;
