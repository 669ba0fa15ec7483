import { Injectable } from '@nestjs/common';
import type { SqlFragment } from '../access/access.repository.js';
import { sqlState } from '../common/sql-state.js';
import { TransactionHost } from '../database/transaction-host.js';
import { SignalMatchOrganisationEntity } from './entities/signal-match-organisation.entity.js';
import { SignalMatchEntity } from './entities/signal-match.entity.js';
import { SignalEntity } from './entities/signal.entity.js';
import type { EpisodeSignal, MemberCandidate, WaitingSignal } from './signal-matching.js';
import type { SignalCategory, SignalStatus } from './signal-values.js';

export type SignalRow = SignalEntity & { organisationName: string; signalledByName: string; acknowledgedByName: string | null };

export interface OrganisationRef {
  organisationId: string;
  name: string;
}

export interface CoordinatorRef {
  professionalId: string;
  name: string;
  organisationId: string;
  organisationName: string;
}

/** Whose signals a list shows: the whole municipality, or one organisation's plus those of households one coordinates. */
export type SignalScope = { kind: 'tenant'; tenantId: string } | { kind: 'limited'; tenantId: string; organisationId: string; professionalId: string };

export interface SignalFilter {
  status?: SignalStatus;
  category?: SignalCategory;
}

const STATUS_SQL: Record<SignalStatus, string> = {
  unmatched: 's.matched_at IS NULL AND s.acknowledged_at IS NULL',
  matched: 's.matched_at IS NOT NULL AND s.acknowledged_at IS NULL',
  acknowledged: 's.acknowledged_at IS NOT NULL',
};

@Injectable()
export class SignalsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get signals() {
    return this.tx.manager.getRepository(SignalEntity);
  }

  /**
   * Members of the tenant's non-closed households at this address whose birth-date hash or BSN hash equals the
   * signal's; the exact rule is applied by `pickHousehold`.
   */
  async findMemberCandidates(tenantId: string, addressHash: string, birthDateHash: string, bsnHash: string | null): Promise<MemberCandidate[]> {
    const rows = await this.tx.manager.query<Array<{ household_id: string; birth_date_hash: string; bsn_hash: string | null }>>(
      `SELECT h.id AS household_id, m.birth_date_hash, m.bsn_hash
         FROM household h JOIN member m ON m.household_id = h.id AND m.tenant_id = h.tenant_id AND m.removed_at IS NULL
        WHERE h.tenant_id = $1 AND h.address_hash = $2 AND h.status <> 'closed'
          AND (m.birth_date_hash = $3 OR ($4::varchar IS NOT NULL AND m.bsn_hash = $4::varchar))`,
      [tenantId, addressHash, birthDateHash, bsnHash],
    );
    return rows.map((r) => ({ householdId: r.household_id, birthDateHash: r.birth_date_hash, bsnHash: r.bsn_hash }));
  }

  /**
   * Serialises, per municipality and address, everything that decides whether a signal waits: a new signal
   * looking for its household, a household becoming findable there, intake items. Transaction-scoped. Whoever
   * holds it takes a household row lock only through `lockHouseholdUnlessDeadlocked`, which survives the rare cycle
   * with a household change that took the row lock first.
   */
  async lockAddress(tenantId: string, addressHash: string): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`signal-address:${tenantId}:${addressHash}`]);
  }

  /**
   * The household row lock, taken while holding the address lock. Usually its holder is another signal about the
   * household, which never waits for the address lock: then this simply waits. A household change that holds the row
   * and waits for the address lock would close a cycle; PostgreSQL breaks it by failing one side, and when that side
   * is this statement the savepoint undoes only it — false, the signal waits, and that change, once it has the
   * address lock, re-matches it.
   */
  async lockHouseholdUnlessDeadlocked(tenantId: string, householdId: string): Promise<boolean> {
    const manager = this.tx.manager;
    await manager.query('SAVEPOINT signal_household_lock');
    try {
      const rows = await manager.query<unknown[]>('SELECT id FROM household WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, householdId]);
      await manager.query('RELEASE SAVEPOINT signal_household_lock');
      return rows.length > 0;
    } catch (error) {
      if (sqlState(error) !== '40P01') throw error;
      await manager.query('ROLLBACK TO SAVEPOINT signal_household_lock');
      return false;
    }
  }

  /** Members of every non-closed household at the address (the candidates for all waiting signals there). */
  async memberCandidatesAt(tenantId: string, addressHash: string): Promise<MemberCandidate[]> {
    const rows = await this.tx.manager.query<Array<{ household_id: string; birth_date_hash: string; bsn_hash: string | null }>>(
      `SELECT h.id AS household_id, m.birth_date_hash, m.bsn_hash
         FROM household h JOIN member m ON m.household_id = h.id AND m.tenant_id = h.tenant_id AND m.removed_at IS NULL
        WHERE h.tenant_id = $1 AND h.address_hash = $2 AND h.status <> 'closed'`,
      [tenantId, addressHash],
    );
    return rows.map((r) => ({ householdId: r.household_id, birthDateHash: r.birth_date_hash, bsnHash: r.bsn_hash }));
  }

  /** Signals at the address that wait for their household (not linked, still active), oldest first. */
  async waitingSignalsAt(tenantId: string, addressHash: string, now: Date): Promise<Array<WaitingSignal & { acknowledged: boolean }>> {
    const rows = await this.tx.manager.query<
      Array<{ id: string; organisation_id: string; signalled_by_id: string; birth_date_hash: string; bsn_hash: string | null; acknowledged: boolean }>
    >(
      `SELECT id, organisation_id, signalled_by_id, birth_date_hash, bsn_hash, acknowledged_at IS NOT NULL AS acknowledged FROM signal
        WHERE tenant_id = $1 AND address_hash = $2 AND household_id IS NULL AND active_until > $3
        ORDER BY created_at, id`,
      [tenantId, addressHash, now],
    );
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      signalledById: r.signalled_by_id,
      birthDateHash: r.birth_date_hash,
      bsnHash: r.bsn_hash,
      acknowledged: r.acknowledged,
    }));
  }

  /** Links waiting signals to the household's current episode; their sealed address and date of birth go (only the hashes stay). */
  async linkToHousehold(signalIds: string[], householdId: string, episode: number): Promise<void> {
    if (signalIds.length === 0) return;
    await this.tx.manager.query(
      `UPDATE signal SET household_id = $2, household_episode = $3, subject_ciphertext = NULL, subject_key_id = NULL
        WHERE id = ANY($1::uuid[]) AND household_id IS NULL`,
      [signalIds, householdId, episode],
    );
  }

  async insert(values: Omit<SignalEntity, 'id' | 'matchId' | 'matchedAt' | 'acknowledgedAt' | 'acknowledgedById'>): Promise<SignalEntity> {
    return this.signals.save(this.signals.create({ ...values, matchId: null, matchedAt: null, acknowledgedAt: null, acknowledgedById: null }));
  }

  /** The household episode's signals still taking part in matching, oldest first. */
  async activeEpisodeSignals(householdId: string, episode: number, now: Date): Promise<EpisodeSignal[]> {
    const rows = await this.tx.manager.query<Array<{ id: string; organisation_id: string; signalled_by_id: string; match_id: string | null }>>(
      `SELECT id, organisation_id, signalled_by_id, match_id FROM signal
        WHERE household_id = $1 AND household_episode = $2 AND active_until > $3
        ORDER BY created_at, id`,
      [householdId, episode, now],
    );
    return rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, signalledById: r.signalled_by_id, matchId: r.match_id }));
  }

  findMatch(householdId: string, episode: number): Promise<SignalMatchEntity | null> {
    return this.tx.manager.getRepository(SignalMatchEntity).findOneBy({ householdId, episode });
  }

  async matchOrganisationIds(matchId: string): Promise<string[]> {
    const rows = await this.tx.manager.getRepository(SignalMatchOrganisationEntity).find({ where: { matchId }, order: { joinedAt: 'ASC' } });
    return rows.map((r) => r.organisationId);
  }

  insertMatch(values: Omit<SignalMatchEntity, 'id'>): Promise<SignalMatchEntity> {
    const repo = this.tx.manager.getRepository(SignalMatchEntity);
    return repo.save(repo.create(values));
  }

  async addMatchOrganisations(tenantId: string, matchId: string, organisationIds: string[], joinedAt: Date): Promise<void> {
    if (organisationIds.length === 0) return;
    await this.tx.manager.getRepository(SignalMatchOrganisationEntity).insert(organisationIds.map((organisationId) => ({ tenantId, matchId, organisationId, joinedAt })));
  }

  async attachToMatch(signalIds: string[], matchId: string, matchedAt: Date): Promise<void> {
    if (signalIds.length === 0) return;
    await this.tx.manager.query('UPDATE signal SET match_id = $2, matched_at = $3 WHERE id = ANY($1::uuid[]) AND match_id IS NULL', [signalIds, matchId, matchedAt]);
  }

  /** The tenant's intake team (the oldest, should there be several). */
  async intakeOrganisation(tenantId: string): Promise<OrganisationRef | undefined> {
    const [row] = await this.tx.manager.query<Array<{ id: string; name: string }>>(
      'SELECT id, name FROM organisation WHERE tenant_id = $1 AND is_intake_team ORDER BY created_at, id LIMIT 1',
      [tenantId],
    );
    return row && { organisationId: row.id, name: row.name };
  }

  async isIntakeOrganisation(tenantId: string, organisationId: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>('SELECT 1 FROM organisation WHERE tenant_id = $1 AND id = $2 AND is_intake_team', [tenantId, organisationId]);
    return rows.length > 0;
  }

  async findWithNames(tenantId: string, id: string): Promise<SignalRow | undefined> {
    const [row] = await this.load(this.withNames().where('s.tenant_id = :tenantId AND s.id = :id', { tenantId, id }));
    return row;
  }

  /** Newest first; keyset on (created_at, id). */
  listPage(scope: SignalScope, filter: SignalFilter, limit: number, after?: [string, string]): Promise<SignalRow[]> {
    const qb = this.withNames().where('s.tenant_id = :tenantId', { tenantId: scope.tenantId });
    if (scope.kind === 'limited') {
      qb.andWhere(
        '(s.organisation_id = :scopeOrganisationId OR EXISTS (SELECT 1 FROM coordinator_assignment ca WHERE ca.household_id = s.household_id AND ca.ended_at IS NULL AND ca.professional_id = :scopeProfessionalId))',
        { scopeOrganisationId: scope.organisationId, scopeProfessionalId: scope.professionalId },
      );
    }
    if (filter.status) qb.andWhere(STATUS_SQL[filter.status]);
    if (filter.category) qb.andWhere('s.category = :category', { category: filter.category });
    if (after) qb.andWhere('(s.created_at, s.id) < (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    return this.load(qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').limit(limit + 1));
  }

  /** Sets the acknowledgement unless someone was first; false when it was already acknowledged. */
  async acknowledge(id: string, at: Date, byId: string): Promise<boolean> {
    const result = await this.signals
      .createQueryBuilder()
      .update()
      .set({ acknowledgedAt: at, acknowledgedById: byId })
      .where('id = :id AND acknowledged_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The organisations of each match, in the order they joined. */
  async matchOrganisations(matchIds: string[]): Promise<Map<string, OrganisationRef[]>> {
    const result = new Map<string, OrganisationRef[]>();
    if (matchIds.length === 0) return result;
    const rows = await this.tx.manager.query<Array<{ match_id: string; organisation_id: string; name: string }>>(
      `SELECT mo.match_id, mo.organisation_id, o.name FROM signal_match_organisation mo JOIN organisation o ON o.id = mo.organisation_id
        WHERE mo.match_id = ANY($1::uuid[]) ORDER BY mo.joined_at, o.name, o.id`,
      [matchIds],
    );
    for (const r of rows) result.set(r.match_id, [...(result.get(r.match_id) ?? []), { organisationId: r.organisation_id, name: r.name }]);
    return result;
  }

  async activeCoordinators(householdIds: string[]): Promise<Map<string, CoordinatorRef>> {
    if (householdIds.length === 0) return new Map();
    const rows = await this.tx.manager.query<Array<{ household_id: string; professional_id: string; name: string; organisation_id: string; organisation_name: string }>>(
      `SELECT ca.household_id, p.id AS professional_id, p.name, o.id AS organisation_id, o.name AS organisation_name
         FROM coordinator_assignment ca JOIN professional p ON p.id = ca.professional_id JOIN organisation o ON o.id = p.organisation_id
        WHERE ca.household_id = ANY($1::uuid[]) AND ca.ended_at IS NULL`,
      [householdIds],
    );
    return new Map(
      rows.map((r) => [r.household_id, { professionalId: r.professional_id, name: r.name, organisationId: r.organisation_id, organisationName: r.organisation_name }]),
    );
  }

  /** Which of these households the actor may see by the need-to-know rule. */
  async visibleHouseholdIds(householdIds: string[], visible: SqlFragment): Promise<Set<string>> {
    if (householdIds.length === 0) return new Set();
    const rows = await this.tx.manager
      .createQueryBuilder()
      .select('h.id', 'id')
      .from('household', 'h')
      .where('h.id IN (:...visibleIds)', { visibleIds: householdIds })
      .andWhere(visible.sql, visible.params)
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  private withNames() {
    return this.signals
      .createQueryBuilder('s')
      .innerJoin('organisation', 'o', 'o.id = s.organisation_id')
      .innerJoin('professional', 'p', 'p.id = s.signalled_by_id')
      .leftJoin('professional', 'a', 'a.id = s.acknowledged_by_id')
      .addSelect('o.name', 'organisation_name')
      .addSelect('p.name', 'signalled_by_name')
      .addSelect('a.name', 'acknowledged_by_name');
  }

  private async load(qb: ReturnType<SignalsRepository['withNames']>): Promise<SignalRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ organisation_name: string; signalled_by_name: string; acknowledged_by_name: string | null }>();
    return entities.map((e, i) =>
      Object.assign(e, { organisationName: raw[i]!.organisation_name, signalledByName: raw[i]!.signalled_by_name, acknowledgedByName: raw[i]!.acknowledged_by_name }),
    );
  }
}
