import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host.js';
import { SignalIntakeItemSignalEntity } from '../entities/signal-intake-item-signal.entity.js';
import { SignalIntakeItemEntity } from '../entities/signal-intake-item.entity.js';
import type { SignalCategory, SignalSeverity } from '../signal-values.js';
import type { IntakeCloseOutcome, IntakeItemStatus } from './intake-values.js';

/** A signal of an item as the intake team sees it. */
export interface IntakeItemSignalRow {
  intakeItemId: string;
  signalId: string;
  organisationId: string;
  organisationName: string;
  signalledAt: Date;
  joinedAt: Date;
  category: SignalCategory;
  severity: SignalSeverity;
  householdId: string | null;
  subjectCiphertext: string | null;
  subjectKeyId: string | null;
}

export type IntakeItemRow = SignalIntakeItemEntity & { closedByName: string | null };

@Injectable()
export class IntakeItemsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get items() {
    return this.tx.manager.getRepository(SignalIntakeItemEntity);
  }

  findOpen(tenantId: string, familyKey: string): Promise<SignalIntakeItemEntity | null> {
    return this.items.findOneBy({ tenantId, familyKey, status: 'open' });
  }

  insertOpen(tenantId: string, familyKey: string, openedAt: Date): Promise<SignalIntakeItemEntity> {
    return this.items.save(this.items.create({ tenantId, familyKey, status: 'open', openedAt, closedAt: null, outcome: null, closedById: null, householdId: null }));
  }

  async addSignals(tenantId: string, intakeItemId: string, signals: Array<{ id: string; organisationId: string }>, joinedAt: Date): Promise<void> {
    if (signals.length === 0) return;
    await this.tx.manager
      .getRepository(SignalIntakeItemSignalEntity)
      .insert(signals.map((s) => ({ tenantId, intakeItemId, signalId: s.id, organisationId: s.organisationId, joinedAt })));
  }

  async organisationIds(intakeItemId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<Array<{ organisation_id: string }>>(
      'SELECT organisation_id FROM signal_intake_item_signal WHERE intake_item_id = $1 GROUP BY organisation_id ORDER BY min(joined_at), organisation_id',
      [intakeItemId],
    );
    return rows.map((r) => r.organisation_id);
  }

  /** Of these signals, the ones already part of an intake item (open or closed). */
  async itemisedSignalIds(signalIds: string[]): Promise<Set<string>> {
    if (signalIds.length === 0) return new Set();
    const rows = await this.tx.manager.query<Array<{ signal_id: string }>>('SELECT signal_id FROM signal_intake_item_signal WHERE signal_id = ANY($1::uuid[])', [signalIds]);
    return new Set(rows.map((r) => r.signal_id));
  }

  /** The open items these signals belong to. */
  async openItemIdsOf(signalIds: string[]): Promise<string[]> {
    if (signalIds.length === 0) return [];
    const rows = await this.tx.manager.query<Array<{ id: string }>>(
      `SELECT DISTINCT i.id FROM signal_intake_item i JOIN signal_intake_item_signal s ON s.intake_item_id = i.id
        WHERE s.signal_id = ANY($1::uuid[]) AND i.status = 'open' ORDER BY i.id`,
      [signalIds],
    );
    return rows.map((r) => r.id);
  }

  /** The household each of the item's signals is linked to (null while waiting). */
  async signalLinks(intakeItemId: string): Promise<Array<{ householdId: string | null }>> {
    const rows = await this.tx.manager.query<Array<{ household_id: string | null }>>(
      'SELECT s.household_id FROM signal_intake_item_signal x JOIN signal s ON s.id = x.signal_id WHERE x.intake_item_id = $1',
      [intakeItemId],
    );
    return rows.map((r) => ({ householdId: r.household_id }));
  }

  /** Closes an open item as resolved by registration; false when it was no longer open. */
  async resolveRegistered(intakeItemId: string, householdId: string, at: Date): Promise<boolean> {
    const result = await this.items
      .createQueryBuilder()
      .update()
      .set({ status: 'closed', closedAt: at, outcome: 'registered', householdId })
      .where("id = :intakeItemId AND status = 'open'", { intakeItemId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Closes an open item by the intake team's decision; false when it was no longer open. */
  async close(intakeItemId: string, outcome: IntakeCloseOutcome, byId: string, at: Date): Promise<boolean> {
    const result = await this.items
      .createQueryBuilder()
      .update()
      .set({ status: 'closed', closedAt: at, outcome, closedById: byId })
      .where("id = :intakeItemId AND status = 'open'", { intakeItemId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async findWithNames(tenantId: string, id: string): Promise<IntakeItemRow | undefined> {
    const [row] = await this.load(this.withNames().where('i.tenant_id = :tenantId AND i.id = :id', { tenantId, id }));
    return row;
  }

  /** Newest first; keyset on (opened_at, id). */
  listPage(tenantId: string, status: IntakeItemStatus | undefined, limit: number, after?: [string, string]): Promise<IntakeItemRow[]> {
    const qb = this.withNames().where('i.tenant_id = :tenantId', { tenantId });
    if (status) qb.andWhere('i.status = :status', { status });
    if (after) qb.andWhere('(i.opened_at, i.id) < (:afterOpened, :afterId)', { afterOpened: after[0], afterId: after[1] });
    return this.load(qb.orderBy('i.opened_at', 'DESC').addOrderBy('i.id', 'DESC').limit(limit + 1));
  }

  /** The signals of these items, in the order they joined. */
  async signalsOf(intakeItemIds: string[]): Promise<IntakeItemSignalRow[]> {
    if (intakeItemIds.length === 0) return [];
    const rows = await this.tx.manager.query<
      Array<{
        intake_item_id: string;
        signal_id: string;
        organisation_id: string;
        organisation_name: string;
        signalled_at: Date;
        joined_at: Date;
        category: SignalCategory;
        severity: SignalSeverity;
        household_id: string | null;
        subject_ciphertext: string | null;
        subject_key_id: string | null;
      }>
    >(
      `SELECT x.intake_item_id, x.signal_id, x.organisation_id, o.name AS organisation_name, s.created_at AS signalled_at, x.joined_at,
              s.category, s.severity, s.household_id, s.subject_ciphertext, s.subject_key_id
         FROM signal_intake_item_signal x JOIN signal s ON s.id = x.signal_id JOIN organisation o ON o.id = x.organisation_id
        WHERE x.intake_item_id = ANY($1::uuid[]) ORDER BY x.joined_at, s.created_at, s.id`,
      [intakeItemIds],
    );
    return rows.map((r) => ({
      intakeItemId: r.intake_item_id,
      signalId: r.signal_id,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      signalledAt: r.signalled_at,
      joinedAt: r.joined_at,
      category: r.category,
      severity: r.severity,
      householdId: r.household_id,
      subjectCiphertext: r.subject_ciphertext,
      subjectKeyId: r.subject_key_id,
    }));
  }

  /** Per signal: whether it is in an intake item and that item's status (for the signal views). */
  async itemOfSignals(signalIds: string[]): Promise<Map<string, { intakeItemId: string; status: IntakeItemStatus }>> {
    if (signalIds.length === 0) return new Map();
    const rows = await this.tx.manager.query<Array<{ signal_id: string; id: string; status: IntakeItemStatus }>>(
      'SELECT x.signal_id, i.id, i.status FROM signal_intake_item_signal x JOIN signal_intake_item i ON i.id = x.intake_item_id WHERE x.signal_id = ANY($1::uuid[])',
      [signalIds],
    );
    return new Map(rows.map((r) => [r.signal_id, { intakeItemId: r.id, status: r.status }]));
  }

  private withNames() {
    return this.items.createQueryBuilder('i').leftJoin('professional', 'p', 'p.id = i.closed_by_id').addSelect('p.name', 'closed_by_name');
  }

  private async load(qb: ReturnType<IntakeItemsRepository['withNames']>): Promise<IntakeItemRow[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ closed_by_name: string | null }>();
    return entities.map((e, i) => Object.assign(e, { closedByName: raw[i]!.closed_by_name }));
  }
}
