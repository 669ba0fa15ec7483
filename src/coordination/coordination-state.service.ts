import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { CaseGate } from '../households/case-gate.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { CoordinationErrors } from './coordination.errors.js';
import { mapCoordinationState, mapHandover } from './coordination.mapper.js';
import { CoordinationRepository } from './coordination.repository.js';
import type { CoordinationStateDto, DeclineHandoverDto, CoordinatorHandoverDto, ProposeHandoverDto, StepDownDto } from './dto/coordination-state.dto.js';
import type { CoordinatorHandoverEntity } from './entities/coordinator-handover.entity.js';

const DAY = 86_400_000;

/**
 * Coordination states: step down (→ vacant), propose a hand-over (→ handover_proposed; the current coordinator
 * stays accountable), accept (→ assigned to the new one, optionally with an overlap in which the previous one stays
 * involved but not accountable) or decline (→ assigned as before). Every change takes the household row lock, so
 * it serialises with assignments, closing and reopening; the state row itself is kept by database triggers.
 */
@Injectable()
export class CoordinationStateService {
  constructor(
    private readonly assignments: CoordinationRepository,
    private readonly households: HouseholdsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly gate: CaseGate,
    private readonly access: AccessService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async get(householdId: string): Promise<CoordinationStateDto> {
    await this.access.requireVisible(householdId);
    return this.load(householdId);
  }

  async stepDown(householdId: string, input: StepDownDto): Promise<CoordinationStateDto> {
    await this.access.requireVisible(householdId);
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const current = await this.lockAndCheckManager(householdId);
      if (!current) {
        throw CoordinationErrors.create('NOT_ASSIGNED', {
          nl: 'Het huishouden heeft geen regisseur, dus niemand kan terugtreden. Wijs er een toe met PUT …/coordinator.',
          en: 'The household has no coordinator, so nobody can step down. Assign one with PUT …/coordinator.',
        });
      }
      if (await this.assignments.findPendingHandover(householdId)) {
        throw CoordinationErrors.create('HANDOVER_PENDING', {
          nl: 'Er staat een overdracht open: laat de voorgestelde regisseur die eerst accepteren of afwijzen.',
          en: 'A hand-over is pending: let the proposed coordinator accept or decline it first.',
        });
      }
      const now = this.clock.now();
      await this.assignments.endActive(householdId, now, input.reason.trim(), 'stepped_down');
      await this.outbox.record(
        createEvent(
          'coordinator.stepped_down',
          { tenantId: actor.tenantId, aggregateId: current.id, householdId, actorId: actor.professionalId },
          { previousCoordinatorId: current.professionalId, intakeOrganisationId: await this.intakeOrganisationId() },
        ),
      );
      return this.load(householdId);
    });
  }

  async propose(householdId: string, input: ProposeHandoverDto): Promise<CoordinatorHandoverDto> {
    await this.access.requireVisible(householdId);
    const actor = this.context.actor;
    return this.tx.run(async () => {
      // the proposed person before the household (the people admin's order): a deactivation running meanwhile
      // withdraws this proposal, or this request reads them deactivated
      const target = await this.professionals.findInTenantForShare(actor.tenantId, input.toProfessionalId);
      const current = await this.lockAndCheckManager(householdId);
      if (!current) {
        throw CoordinationErrors.create('NOT_ASSIGNED', {
          nl: 'Het huishouden heeft geen regisseur om van over te dragen. Wijs er een toe met PUT …/coordinator.',
          en: 'The household has no coordinator to hand over from. Assign one with PUT …/coordinator.',
        });
      }
      if (await this.assignments.findPendingHandover(householdId)) {
        throw CoordinationErrors.create('HANDOVER_PENDING', {
          nl: 'Voor dit huishouden staat al een overdracht open: wacht op het antwoord.',
          en: 'A hand-over is already pending for this household: wait for the answer.',
        });
      }
      if (!target || !target.active || !target.roles.includes('coordinator') || target.id === current.professionalId) {
        throw CoordinationErrors.create('NOT_A_COORDINATOR', {
          nl: `Professional ${input.toProfessionalId} is geen andere actieve regisseur van uw gemeente.`,
          en: `Professional ${input.toProfessionalId} is not another active coordinator of your municipality.`,
        }, {
          errors: [{ field: 'toProfessionalId', messages: [{ nl: 'toProfessionalId moet een andere actieve professional met de rol regisseur zijn', en: 'toProfessionalId must be another active professional with the coordinator role' }] }],
        });
      }
      const created = await this.assignments.insertHandover({
        tenantId: actor.tenantId,
        householdId,
        fromProfessionalId: current.professionalId,
        toProfessionalId: target.id,
        proposedById: actor.professionalId,
        reason: input.reason.trim(),
        overlapDays: input.overlapDays ?? 0,
        proposedAt: this.clock.now(),
      });
      await this.outbox.record(
        createEvent(
          'coordinator.handover_proposed',
          { tenantId: actor.tenantId, aggregateId: created.id, householdId, actorId: actor.professionalId },
          { handoverId: created.id, coordinatorId: target.id, previousCoordinatorId: current.professionalId },
        ),
      );
      return this.mapOne(created);
    });
  }

  /** Only the proposed coordinator may accept; to everyone else the proposal does not exist (404). */
  async accept(handoverId: string): Promise<CoordinationStateDto> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      // the acceptor before the household (the people admin's order), then the proposal again under the household's
      // lock: a decline, another accept, a withdrawal or a deactivation that got there first is seen (an outside run
      // had one proposal both accepted and declined)
      const me = await this.professionals.findInTenantForShare(actor.tenantId, actor.professionalId);
      const handover = await this.lockedPending(handoverId);
      const current = await this.assignments.findActive(handover.householdId);
      if (current?.professionalId !== handover.fromProfessionalId) {
        throw CoordinationErrors.create('COORDINATION_CHANGED', {
          nl: 'Het huishouden valt niet meer onder de regie van degene die deze overdracht voorstelde.',
          en: 'The household is no longer coordinated by the one who proposed this hand-over.',
        });
      }
      if (!me?.active || !me.roles.includes('coordinator')) {
        throw CoordinationErrors.create('NOT_A_COORDINATOR', {
          nl: 'Alleen een professional met de rol regisseur kan een overdracht accepteren.',
          en: 'Only a professional with the coordinator role can accept a hand-over.',
        });
      }
      const now = this.clock.now();
      if (!(await this.assignments.decideHandover(handover.id, 'accepted', now))) throw await this.decidedMeanwhile(handover.id);
      await this.assignments.endActive(handover.householdId, now, handover.reason, 'handed_over', handover.overlapDays > 0 ? new Date(now.getTime() + handover.overlapDays * DAY) : null);
      const created = await this.assignments.insert({
        tenantId: actor.tenantId,
        householdId: handover.householdId,
        professionalId: actor.professionalId,
        startedAt: now,
        reason: handover.reason,
        assignedById: handover.proposedById,
      });
      await this.outbox.record(
        createEvent(
          'coordinator.handed_over',
          { tenantId: actor.tenantId, aggregateId: created.id, householdId: handover.householdId, actorId: actor.professionalId },
          { coordinatorId: actor.professionalId, previousCoordinatorId: handover.fromProfessionalId, handoverId: handover.id },
        ),
      );
      return this.load(handover.householdId);
    });
  }

  async decline(handoverId: string, input: DeclineHandoverDto): Promise<CoordinatorHandoverDto> {
    const actor = this.context.actor;
    return this.tx.run(async () => {
      const handover = await this.lockedPending(handoverId);
      if (!(await this.assignments.decideHandover(handover.id, 'declined', this.clock.now(), input.reason.trim()))) throw await this.decidedMeanwhile(handover.id);
      await this.outbox.record(
        createEvent(
          'coordinator.handover_declined',
          { tenantId: actor.tenantId, aggregateId: handover.id, householdId: handover.householdId, actorId: actor.professionalId },
          { handoverId: handover.id, previousCoordinatorId: handover.fromProfessionalId },
        ),
      );
      return this.mapOne((await this.assignments.findHandover(actor.tenantId, handover.id))!);
    });
  }

  /** A proposal withdrawn without the household's lock (its proposed coordinator was deactivated) after it was read. */
  private async decidedMeanwhile(handoverId: string): Promise<Error> {
    return handoverDecided((await this.assignments.findHandover(this.context.actor.tenantId, handoverId))!);
  }

  /** The proposal to the caller, read again under its household's row lock, still pending; else 404 or 409. */
  private async lockedPending(handoverId: string): Promise<CoordinatorHandoverEntity> {
    const actor = this.context.actor;
    const proposed = await this.assignments.findHandover(actor.tenantId, handoverId);
    if (!proposed || proposed.toProfessionalId !== actor.professionalId) throw handoverNotFound(handoverId);
    if (!(await this.households.lockById(actor.tenantId, proposed.householdId))) throw handoverNotFound(handoverId);
    const handover = (await this.assignments.findHandover(actor.tenantId, handoverId))!;
    if (handover.status !== 'proposed') throw handoverDecided(handover);
    return handover;
  }

  /** Household row lock, then: the current coordinator or a supervisor, else 403. Returns the open assignment. */
  private async lockAndCheckManager(householdId: string) {
    const actor = this.context.actor;
    await this.gate.open(householdId, { allowClosed: true });
    const current = await this.assignments.findActive(householdId);
    if (!actor.roles.includes('supervisor') && current?.professionalId !== actor.professionalId) {
      throw CoordinationErrors.create('NOT_ALLOWED_TO_ASSIGN', {
        nl: 'Alleen de huidige regisseur of een supervisor mag voor dit huishouden terugtreden of het overdragen.',
        en: 'Only the current coordinator or a supervisor may step down from or hand over this household.',
      });
    }
    return current;
  }

  private async intakeOrganisationId(): Promise<string | null> {
    const [row] = await this.tx.manager.query<Array<{ id: string }>>('SELECT id FROM organisation WHERE tenant_id = $1 AND is_intake_team ORDER BY id LIMIT 1', [this.context.actor.tenantId]);
    return row?.id ?? null;
  }

  private async mapOne(handover: CoordinatorHandoverEntity): Promise<CoordinatorHandoverDto> {
    return mapHandover(handover, await this.assignments.namesOf([handover.fromProfessionalId, handover.toProfessionalId]));
  }

  private async load(householdId: string): Promise<CoordinationStateDto> {
    const state = await this.assignments.findState(householdId);
    const active = await this.assignments.findActive(householdId);
    const overlap = await this.assignments.findOverlap(householdId, this.clock.now());
    const handovers = await this.assignments.listHandovers(householdId);
    const names = await this.assignments.namesOf([...new Set([active?.professionalId, overlap?.professionalId, ...handovers.flatMap((h) => [h.fromProfessionalId, h.toProfessionalId])].filter((id): id is string => !!id))]);
    return mapCoordinationState(householdId, state, active, overlap, handovers, names);
  }
}

const handoverDecided = (handover: CoordinatorHandoverEntity) =>
  CoordinationErrors.create('HANDOVER_DECIDED', {
    nl: `Over deze overdracht is al beslist (${handover.status}).`,
    en: `This hand-over is already ${handover.status}.`,
  });

const handoverNotFound = (id: string) => CoordinationErrors.create('HANDOVER_NOT_FOUND', {
  nl: `Er is geen overdracht ${id} aan u voorgesteld.`,
  en: `No hand-over ${id} is proposed to you.`,
});
