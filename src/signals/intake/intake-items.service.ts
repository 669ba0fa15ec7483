import { instantKey } from '../../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { OutboxRepository } from '../../events/outbox.repository.js';
import { SignalSubjectCipher } from '../signal-subject.cipher.js';
import { intakeItemNotFound, SignalErrors } from '../signals.errors.js';
import { SignalsRepository } from '../signals.repository.js';
import type { CloseIntakeItemDto, IntakeItemDto, ListIntakeItemsQueryDto } from './dto/intake-item.dto.js';
import { IntakeLedger } from './intake-ledger.js';
import { mapIntakeItem } from './intake-items.mapper.js';
import { IntakeItemsRepository, type IntakeItemRow } from './intake-items.repository.js';

/**
 * The intake team's view of intake items: supervisors and the intake team's coordinators list them (with the
 * address and dates of birth of the waiting signals, like the intake list of signals) and close them with an
 * outcome. Registering the household resolves an item by itself (IntakeLedger).
 */
@Injectable()
export class IntakeItemsService {
  constructor(
    private readonly items: IntakeItemsRepository,
    private readonly signals: SignalsRepository,
    private readonly ledger: IntakeLedger,
    private readonly subjects: SignalSubjectCipher,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async list(query: ListIntakeItemsQueryDto): Promise<Page<IntakeItemDto>> {
    await this.requireIntakeTeam();
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.items.listPage(this.context.actor.tenantId, query.status, limit, after);
    const map = await this.mapper(rows.slice(0, limit));
    return toPage(rows, limit, (i) => [instantKey(i.openedAt), i.id], map);
  }

  async close(id: string, input: CloseIntakeItemDto): Promise<IntakeItemDto> {
    await this.requireIntakeTeam();
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const item = await this.items.findWithNames(actor.tenantId, id);
      if (!item) throw intakeItemNotFound(id);
      // the family's address lock: a signal joining the item at this moment joins before it closes, or opens a new one after
      await this.signals.lockAddress(actor.tenantId, item.familyKey);
      if (!(await this.items.close(id, input.outcome, actor.professionalId, this.clock.now()))) {
        throw SignalErrors.create('INTAKE_ITEM_CLOSED', {
          nl: `Intake-item ${id} is al afgesloten; een nieuw signaal over het gezin opent een nieuw item.`,
          en: `Intake item ${id} is already closed; a new signal about the family opens a new one.`,
        });
      }
      const intake = await this.signals.intakeOrganisation(actor.tenantId);
      await this.outbox.record(
        this.ledger.itemEvent(
          'signal.intake_item_closed',
          actor.tenantId,
          id,
          { ...(intake && { intakeOrganisationId: intake.organisationId }), outcome: input.outcome },
          actor.professionalId,
        ),
      );
    });
    const row = await this.items.findWithNames(actor.tenantId, id);
    return (await this.mapper([row!]))(row!);
  }

  /** Supervisors, and coordinators of the intake team; other coordinators are refused (403). */
  private async requireIntakeTeam(): Promise<void> {
    const actor = this.context.actor;
    if (actor.roles.includes('supervisor')) return;
    if (actor.roles.includes('coordinator') && (await this.signals.isIntakeOrganisation(actor.tenantId, actor.organisationId))) return;
    throw SignalErrors.create('INTAKE_TEAM_ONLY', {
      nl: 'Intake-items zijn voor de regisseurs en supervisors van het intaketeam.',
      en: "Intake items are for the intake team's coordinators and supervisors.",
    });
  }

  private async mapper(rows: IntakeItemRow[]): Promise<(row: IntakeItemRow) => IntakeItemDto> {
    const signals = await this.items.signalsOf(rows.map((r) => r.id));
    return (row) =>
      mapIntakeItem(
        row,
        signals.filter((s) => s.intakeItemId === row.id),
        (s) => (s.householdId === null && s.subjectCiphertext && s.subjectKeyId ? this.subjects.open(s.subjectCiphertext, s.subjectKeyId) : null),
      );
  }
}
