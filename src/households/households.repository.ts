import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type { SqlFragment } from '../access/access.repository.js';
import type { VisibleRead } from '../access/access.service.js';
import { entitiesFromJson, entityFromJson } from '../database/json-rows.js';
import { PreparedStatements } from '../database/prepared-statement.js';
import { TransactionHost } from '../database/transaction-host.js';
import { HouseholdEpisodeEntity } from './entities/household-episode.entity.js';
import { HouseholdEntity } from './entities/household.entity.js';
import { MemberEntity } from './entities/member.entity.js';
import type { HouseholdStatus } from './household-status.js';

export interface HouseholdFilter {
  status?: HouseholdStatus;
  district?: string;
  coordinatorId?: string;
  text?: string;
}

export interface CurrentCoordinator {
  householdId: string;
  professionalId: string;
  name: string;
  since: Date;
}

type HouseholdChanges = Partial<
  Pick<HouseholdEntity, 'postcode' | 'houseNumber' | 'addressHash' | 'houseNumberSuffix' | 'district' | 'registrationReason' | 'riskLevel' | 'status' | 'intakeStartedAt' | 'closedAt' | 'episode' | 'reopenCount'>
>;

@Injectable()
export class HouseholdsRepository {
  private readonly detailsReads = new PreparedStatements('household_details');

  constructor(private readonly tx: TransactionHost) {}

  private get households() {
    return this.tx.manager.getRepository(HouseholdEntity);
  }

  private get members() {
    return this.tx.manager.getRepository(MemberEntity);
  }

  insertHousehold(values: Omit<HouseholdEntity, 'id' | 'createdAt' | 'updatedAt' | 'version'>): Promise<HouseholdEntity> {
    return this.households.save(this.households.create(values));
  }

  /** The municipality's intake team, which picks up households without a coordinator; null when it has none. */
  async intakeTeamId(tenantId: string): Promise<string | null> {
    const [row] = await this.tx.manager.query<Array<{ id: string }>>('SELECT id FROM organisation WHERE tenant_id = $1 AND is_intake_team ORDER BY id LIMIT 1', [tenantId]);
    return row?.id ?? null;
  }

  async insertEpisode(values: Pick<HouseholdEpisodeEntity, 'tenantId' | 'householdId' | 'number' | 'startedAt' | 'reopenReason'>): Promise<void> {
    await this.tx.manager.getRepository(HouseholdEpisodeEntity).insert({ ...values, endedAt: null, closeReason: null });
  }

  async endEpisode(householdId: string, endedAt: Date, closeReason: string): Promise<void> {
    await this.tx.manager.getRepository(HouseholdEpisodeEntity).update({ householdId, endedAt: IsNull() }, { endedAt, closeReason });
  }

  insertMember(values: Omit<MemberEntity, 'id' | 'createdAt' | 'updatedAt' | 'removedAt'>): Promise<MemberEntity> {
    return this.members.save(this.members.create({ ...values, removedAt: null }));
  }

  findById(tenantId: string, id: string): Promise<HouseholdEntity | null> {
    return this.households.findOneBy({ tenantId, id });
  }

  findVisible(id: string, visible: SqlFragment): Promise<HouseholdEntity | null> {
    return this.households.createQueryBuilder('h').where('h.id = :id', { id }).andWhere(visible.sql, visible.params).getOne();
  }

  /**
   * One household as a single read shows it — the household, its active members and current coordinator — in one
   * statement that also applies the need-to-know rule and tells the basis (`read`): one round trip. Undefined when
   * it does not exist or the caller may not see it; `access` is the row to hand to `AccessService.noteVisible`.
   */
  async findVisibleWithDetails(
    id: string,
    read: VisibleRead,
  ): Promise<{ household: HouseholdEntity; members: MemberEntity[]; coordinator?: CurrentCoordinator; access: Record<string, unknown> } | undefined> {
    // built once per shape of reader and prepared: no query builder on this hot path, no parsing on the server
    const statement = this.detailsReads.get(read.shape, () => {
      const { joins, where, basisColumns } = read.sql();
      return (
        // one json column for the household: a column added by a later migration changes no prepared result type
        // (PostgreSQL refuses to run a prepared statement whose result columns changed)
        `SELECT to_json(h) AS household_json,` +
        ` (SELECT COALESCE(json_agg(m ORDER BY m.date_of_birth, m.id), '[]'::json) FROM member m WHERE m.household_id = h.id AND m.removed_at IS NULL) AS members_json,` +
        ` (SELECT json_build_object('professional_id', ca.professional_id, 'name', p.name, 'started_at', ca.started_at)` +
        ` FROM coordinator_assignment ca JOIN professional p ON p.id = ca.professional_id WHERE ca.household_id = h.id AND ca.ended_at IS NULL LIMIT 1) AS coordinator_json` +
        basisColumns.map(([expression, name]) => `, ${expression} AS ${name}`).join('') +
        ` FROM household h${joins} WHERE h.id = :householdId AND (${where})`
      );
    });
    const [row] = await this.tx.prepared<Record<string, unknown>>(statement, { ...read.params, householdId: id });
    if (!row) return undefined;
    const household = entityFromJson(this.tx.manager, HouseholdEntity, row.household_json);
    if (!household) return undefined;
    const coordinator = row.coordinator_json as { professional_id: string; name: string; started_at: string } | null;
    return {
      household,
      members: entitiesFromJson(this.tx.manager, MemberEntity, row.members_json),
      coordinator: coordinator
        ? { householdId: household.id, professionalId: coordinator.professional_id, name: coordinator.name, since: new Date(coordinator.started_at) }
        : undefined,
      access: row,
    };
  }

  /** Row lock for the rest of the transaction: serialises lifecycle changes of one household. */
  shareLockById(tenantId: string, id: string): Promise<HouseholdEntity | null> {
    return this.households.createQueryBuilder('h').setLock('pessimistic_read').where('h.tenant_id = :tenantId AND h.id = :id', { tenantId, id }).getOne();
  }

  /**
   * The case gate's lock: `FOR NO KEY UPDATE`, which conflicts with every other change of the household and with the
   * share lock of additions, but not with the key-share lock a foreign-key check takes. `FOR UPDATE` blocked those
   * too: a plan change holding its plan row, whose own update re-checks the plan's key to the household, and a
   * hand-over holding the household and raising the plan's access epoch waited for each other (an outside race probe
   * counted 7 deadlocks in 60 rounds, stop 41). Erasure keeps `FOR UPDATE`: it deletes the row.
   */
  lockById(tenantId: string, id: string): Promise<HouseholdEntity | null> {
    return this.households.createQueryBuilder('h').setLock('for_no_key_update').where('h.tenant_id = :tenantId AND h.id = :id', { tenantId, id }).getOne();
  }

  /**
   * Applies changes only if the version is still the one the caller read; returns the new version, or
   * undefined when someone else changed the household first (→ 412).
   */
  async updateIfVersion(id: string, expectedVersion: number | undefined, changes: HouseholdChanges): Promise<number | undefined> {
    const qb = this.households
      .createQueryBuilder()
      .update(HouseholdEntity)
      .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id });
    if (expectedVersion !== undefined) qb.andWhere('version = :expectedVersion', { expectedVersion });
    const result = await qb.returning(['version']).execute();
    const rows = result.raw as Array<{ version: number }>;
    return rows[0]?.version;
  }

  /**
   * Closing a case ends its coordinator assignment, a hand-over's overlap and its care-team links in the same transaction; the rows stay
   * as history. (Kept here rather than calling the coordination and care-team modules, which depend on this one.)
   */
  async endActiveInvolvement(householdId: string, at: Date, reason: string): Promise<void> {
    await this.tx.manager.query("UPDATE coordinator_assignment SET ended_at = $2, end_reason = $3, end_kind = 'closed' WHERE household_id = $1 AND ended_at IS NULL", [
      householdId,
      at,
      reason,
    ]);
    // a hand-over's overlap ends with the case as well (no overlap at all where the hand-over was at that moment)
    await this.tx.manager.query('UPDATE coordinator_assignment SET overlap_until = CASE WHEN $2 > ended_at THEN $2::timestamptz END WHERE household_id = $1 AND overlap_until > $2', [
      householdId,
      at,
    ]);
    await this.tx.manager.query('UPDATE care_team_link SET ended_at = $2, end_reason = $3 WHERE household_id = $1 AND ended_at IS NULL', [householdId, at, reason]);
  }

  findActiveMembers(householdIds: string[]): Promise<MemberEntity[]> {
    if (householdIds.length === 0) return Promise.resolve([]);
    return this.members
      .createQueryBuilder('m')
      .where('m.household_id IN (:...householdIds) AND m.removed_at IS NULL', { householdIds })
      .orderBy('m.date_of_birth', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  findActiveMember(householdId: string, memberId: string): Promise<MemberEntity | null> {
    return this.members.createQueryBuilder('m').where('m.household_id = :householdId AND m.id = :memberId AND m.removed_at IS NULL', { householdId, memberId }).getOne();
  }

  async updateMember(memberId: string, changes: Partial<MemberEntity>): Promise<void> {
    await this.members.update({ id: memberId }, changes);
  }

  async currentCoordinators(householdIds: string[]): Promise<Map<string, CurrentCoordinator>> {
    if (householdIds.length === 0) return new Map();
    const rows = await this.tx.manager.query<Array<{ household_id: string; professional_id: string; name: string; started_at: Date }>>(
      `SELECT ca.household_id, ca.professional_id, p.name, ca.started_at
         FROM coordinator_assignment ca JOIN professional p ON p.id = ca.professional_id
        WHERE ca.household_id = ANY($1::uuid[]) AND ca.ended_at IS NULL`,
      [householdIds],
    );
    return new Map(rows.map((r) => [r.household_id, { householdId: r.household_id, professionalId: r.professional_id, name: r.name, since: r.started_at }]));
  }

  /** Newest first; keyset on (created_at, id). */
  listPage(filter: HouseholdFilter, visible: SqlFragment, limit: number, after?: [string, string]): Promise<HouseholdEntity[]> {
    const qb = this.households.createQueryBuilder('h').where(visible.sql, visible.params);
    if (filter.status) qb.andWhere('h.status = :status', { status: filter.status });
    if (filter.district) qb.andWhere('lower(h.district) = lower(:district)', { district: filter.district });
    if (filter.coordinatorId) {
      qb.andWhere('EXISTS (SELECT 1 FROM coordinator_assignment f WHERE f.household_id = h.id AND f.ended_at IS NULL AND f.professional_id = :coordinatorId)', {
        coordinatorId: filter.coordinatorId,
      });
    }
    if (filter.text) {
      const text = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const postcode = `${filter.text.replace(/\s/g, '').toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        `(h.postcode LIKE :postcode OR h.district ILIKE :text OR EXISTS (SELECT 1 FROM member t WHERE t.household_id = h.id AND t.removed_at IS NULL AND (t.given_name || ' ' || t.family_name) ILIKE :text))`,
        { text, postcode },
      );
    }
    if (after) qb.andWhere('(h.created_at, h.id) < (:afterCreated, :afterId)', { afterCreated: after[0], afterId: after[1] });
    return qb.orderBy('h.created_at', 'DESC').addOrderBy('h.id', 'DESC').limit(limit + 1).getMany();
  }
}
