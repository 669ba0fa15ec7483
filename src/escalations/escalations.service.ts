import { Injectable } from '@nestjs/common';
import { householdNotFound, withHousehold } from '../access/access.errors.js';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, pageLimit, toPage, type Page } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import type { EscalationDto, ListEscalationsQueryDto, OpenEscalationDto, ResolveEscalationDto } from './dto/escalation.dto.js';
import type { EscalationEntity } from './entities/escalation.entity.js';
import { EscalationErrors } from './escalations.errors.js';
import { mapEscalation } from './escalations.mapper.js';
import { EscalationsRepository } from './escalations.repository.js';

@Injectable()
export class EscalationsService {
  constructor(
    private readonly escalations: EscalationsRepository,
    private readonly households: HouseholdsRepository,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens an escalation: the household's coordinator or a supervisor. One open escalation per household —
   * checked under the household row lock (so concurrent opens queue up and see the first), and enforced by
   * the partial unique index `uq_escalation_open`.
   */
  async open(householdId: string, input: OpenEscalationDto): Promise<EscalationDto> {
    await this.access.requireCaseManager(householdId, 'open an escalation');
    const actor = this.context.actor;
    let id: string;
    try {
      id = await this.tx.run(async () => {
        const household = await this.households.lockById(actor.tenantId, householdId);
        if (!household) throw householdNotFound(householdId);
        if (household.status === 'closed') throw EscalationErrors.create('HOUSEHOLD_CLOSED', 'The household is closed; there is no case left to escalate.');
        const open = await this.escalations.findOpen(householdId);
        if (open) throw alreadyOpen(open.id);
        const escalation = await this.escalations.insert({
          tenantId: actor.tenantId,
          householdId,
          reason: input.reason.trim(),
          openedById: actor.professionalId,
          openedAt: this.clock.now(),
        });
        await this.record('escalation.opened', escalation);
        return escalation.id;
      });
    } catch (error) {
      if (this.escalations.isOpenConflict(error)) throw alreadyOpen();
      throw error;
    }
    return this.load(id);
  }

  /** Resolves an open escalation with its outcome: the household's coordinator or a supervisor. */
  async resolve(escalationId: string, input: ResolveEscalationDto): Promise<EscalationDto> {
    const escalation = await this.requireVisibleEscalation(escalationId);
    await this.access.requireCaseManager(escalation.householdId, 'resolve an escalation');
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const now = this.clock.now();
      if (!(await this.escalations.resolve(escalation.id, now, actor.professionalId, input.outcome.trim()))) {
        throw EscalationErrors.create('ESCALATION_ALREADY_RESOLVED', `Escalation ${escalation.id} has already been resolved; open a new one if the case needs it again.`);
      }
      await this.record('escalation.resolved', escalation);
    });
    return this.load(escalation.id);
  }

  async get(escalationId: string): Promise<EscalationDto> {
    await this.requireVisibleEscalation(escalationId);
    return this.load(escalationId);
  }

  async list(householdId: string, query: ListEscalationsQueryDto): Promise<Page<EscalationDto>> {
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const before = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.escalations.listPage(this.context.actor.tenantId, householdId, query.status, limit, before);
    return toPage(rows, limit, (r) => [r.escalation.openedAt.toISOString(), r.escalation.id], mapEscalation);
  }

  /** An escalation of a household the caller may not see answers 404, exactly like one that does not exist. */
  private async requireVisibleEscalation(escalationId: string): Promise<EscalationEntity> {
    const escalation = await this.escalations.findInTenant(this.context.actor.tenantId, escalationId);
    if (!escalation) throw notFound(escalationId);
    try {
      await this.access.requireVisible(escalation.householdId);
    } catch (error) {
      // the same 404 as for a missing escalation; the audit trail still learns whose household was denied
      if (error instanceof DomainError && error.status === 404) throw withHousehold(notFound(escalationId), escalation.householdId);
      throw error;
    }
    return escalation;
  }

  private async load(escalationId: string): Promise<EscalationDto> {
    const row = await this.escalations.findWithNames(this.context.actor.tenantId, escalationId);
    if (!row) throw notFound(escalationId);
    return mapEscalation(row);
  }

  private record(type: 'escalation.opened' | 'escalation.resolved', escalation: EscalationEntity) {
    const actor = this.context.actor;
    return this.outbox.record({
      type,
      tenantId: actor.tenantId,
      aggregateType: 'escalation',
      aggregateId: escalation.id,
      householdId: escalation.householdId,
      actorId: actor.professionalId,
      payload: { escalationId: escalation.id },
    });
  }
}

const notFound = (escalationId: string) =>
  EscalationErrors.create('ESCALATION_NOT_FOUND', `No escalation with id ${escalationId} exists, or you are not involved with its household.`);

const alreadyOpen = (openId?: string) =>
  EscalationErrors.create(
    'ESCALATION_ALREADY_OPEN',
    `This household already has an open escalation${openId ? ` (${openId})` : ''}; resolve it before opening another.`,
  );
