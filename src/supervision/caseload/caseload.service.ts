import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { RequestContext } from '../../common/request-context.js';
import { TransactionHost } from '../../database/transaction-host.js';
import { createEvent, type DomainEvent } from '../../events/domain-event.js';
import { OutboxRepository } from '../../events/outbox.repository.js';
import { SupervisionErrors } from '../supervision.errors.js';
import { mapCaseload } from './caseload.mapper.js';
import { CaseloadRepository } from './caseload.repository.js';
import type { CaseloadDto, HandoverDto, HandoverResultDto } from './dto/caseload.dto.js';

@Injectable()
export class CaseloadService {
  constructor(
    private readonly caseload: CaseloadRepository,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** Per coordinator, by name: active households, overdue actions, stalled cases, last activity. */
  async list(query: PageQueryDto): Promise<Page<CaseloadDto>> {
    const tenantId = this.context.actor.tenantId;
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | undefined;
    const rows = await this.caseload.coordinatorsPage(tenantId, limit, after);
    const figures = new Map((await this.caseload.figures(tenantId, this.clock.today(), rows.slice(0, limit).map((r) => r.id))).map((f) => [f.professional_id, f]));
    return toPage(rows, limit, (r) => [r.name, r.id], (r) => mapCaseload(r, figures.get(r.id)));
  }

  /**
   * Hands households of one coordinator to another in ONE transaction: households locked in id order, every
   * active assignment ended and a new one started with the reason, one `coordinator.handed_over` per household
   * and one `caseload.handed_over`. All or nothing: a listed household that is not (or no longer) in the
   * caseload fails the whole request.
   */
  async handOver(fromId: string, input: HandoverDto): Promise<HandoverResultDto> {
    const actor = this.context.actor;
    const from = await this.caseload.findProfessional(actor.tenantId, fromId);
    if (!from) {
      throw SupervisionErrors.create('COORDINATOR_NOT_FOUND', {
        nl: `Er bestaat geen professional met id ${fromId} in uw gemeente.`,
        en: `No professional with id ${fromId} exists in your municipality.`,
      });
    }
    if (input.toCoordinatorId === fromId) {
      throw SupervisionErrors.create('SAME_COORDINATOR', {
        nl: 'Kies een andere regisseur om de caseload aan over te dragen.',
        en: 'Choose another coordinator to hand the caseload to.',
      }, {
        errors: [{ field: 'toCoordinatorId', messages: [{ nl: 'toCoordinatorId moet verschillen van de huidige regisseur', en: 'toCoordinatorId must differ from the current coordinator' }] }],
      });
    }
    const to = await this.caseload.findReceivingProfessional(actor.tenantId, input.toCoordinatorId);
    if (!to || !to.active || !to.roles.includes('coordinator')) {
      throw SupervisionErrors.create('NOT_A_COORDINATOR', {
        nl: `Professional ${input.toCoordinatorId} is geen actieve regisseur van uw gemeente.`,
        en: `Professional ${input.toCoordinatorId} is not an active coordinator of your municipality.`,
      }, {
        errors: [{ field: 'toCoordinatorId', messages: [{ nl: 'toCoordinatorId moet een actieve professional met de rol regisseur zijn', en: 'toCoordinatorId must be an active professional with the coordinator role' }] }],
      });
    }
    const reason = input.reason.trim();
    return this.tx.run(async () => {
      const wanted = input.householdIds ? [...input.householdIds].sort() : await this.caseload.activeHouseholdIds(actor.tenantId, fromId);
      const locked = await this.caseload.lockHouseholds(actor.tenantId, wanted);
      const coordinators = await this.caseload.activeCoordinators(locked);
      const ids = locked.filter((id) => coordinators.get(id) === fromId);
      if (input.householdIds) {
        const missing = wanted.filter((id) => !ids.includes(id));
        if (missing.length > 0) {
          throw SupervisionErrors.create(
            'NOT_IN_CASELOAD',
            {
              nl: `${missing.length} van de genoemde huishoudens vallen nu niet onder de regie van ${fromId} (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}). Er is niets overgedragen.`,
              en: `${missing.length} of the listed households are not coordinated by ${fromId} now (${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}). Nothing was handed over.`,
            },
            { errors: [{ field: 'householdIds', messages: [{ nl: `niet in de caseload van ${fromId}: ${missing.slice(0, 10).join(', ')}`, en: `not in the caseload of ${fromId}: ${missing.slice(0, 10).join(', ')}` }] }] },
          );
        }
      }
      if (ids.length === 0) {
        throw SupervisionErrors.create('NOTHING_TO_HAND_OVER', {
          nl: `Regisseur ${fromId} heeft geen actieve huishoudens om over te dragen.`,
          en: `Coordinator ${fromId} has no active households to hand over.`,
        });
      }

      const now = this.clock.now();
      const assignments = await this.caseload.handOver(actor.tenantId, ids, to.id, actor.professionalId, reason, now);
      const handoverId = randomUUID();
      const events: DomainEvent[] = ids.map((householdId) =>
        createEvent(
          'coordinator.handed_over',
          { tenantId: actor.tenantId, aggregateId: assignments.get(householdId)!, householdId, actorId: actor.professionalId },
          { coordinatorId: to.id, previousCoordinatorId: fromId, handoverId },
        ),
      );
      events.push(
        createEvent(
          'caseload.handed_over',
          { tenantId: actor.tenantId, aggregateId: handoverId, actorId: actor.professionalId },
          { fromCoordinatorId: fromId, toCoordinatorId: to.id, householdIds: ids, count: ids.length },
        ),
      );
      await this.outbox.record(...events);
      return { handoverId, fromCoordinatorId: fromId, toCoordinatorId: to.id, householdIds: ids, count: ids.length, handedOverAt: now.toISOString() };
    });
  }
}
