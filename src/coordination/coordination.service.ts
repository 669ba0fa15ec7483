import { instantKey } from '../common/precise-instant.js';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { createEvent } from '../events/domain-event.js';
import { OutboxRepository } from '../events/outbox.repository.js';
import { CaseGate, refuseIfClosed } from '../households/case-gate.js';
import { HouseholdsRepository } from '../households/households.repository.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { CoordinationErrors } from './coordination.errors.js';
import { mapAssignment } from './coordination.mapper.js';
import { CoordinationRepository } from './coordination.repository.js';
import type { AssignCoordinatorDto, CoordinatorAssignmentDto } from './dto/coordinator.dto.js';
import type { CoordinatorHandoverEntity } from './entities/coordinator-handover.entity.js';

@Injectable()
export class CoordinationService {
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

  /**
   * Assign or hand over, in one transaction under the household's row lock: the old assignment ends and the
   * new one starts with the reason. Supervisors may assign anyone; the current coordinator may hand over;
   * a coordinator may take a household that has none. Assigning the current coordinator again changes nothing.
   */
  async assign(householdId: string, input: AssignCoordinatorDto): Promise<CoordinatorAssignmentDto> {
    await this.access.requireVisibleToAct(householdId, { nl: 'een regisseur toewijzen', en: 'assign a coordinator' });
    const actor = this.context.actor;
    // the person before the household, as the people admin locks them: a deactivation running meanwhile either sees
    // this assignment or is seen by it (an outside run assigned a case to someone being deactivated: both succeeded)
    const target = await this.professionals.findInTenantForShare(actor.tenantId, input.professionalId);
    return this.gate.change(householdId, { allowClosed: true }, async (household) => {
      const current = await this.assignments.findActive(householdId);
      // who may assign is decided before anything about the household's state is told
      this.checkMayAssign(current?.professionalId, input.professionalId);
      refuseIfClosed(household, {
        nl: 'Het huishouden is afgesloten. Heropen het voordat u een regisseur toewijst.',
        en: 'The household is closed. Reopen it before assigning a coordinator.',
      });

      if (!target || !target.active || !target.roles.includes('coordinator')) {
        throw CoordinationErrors.create('NOT_A_COORDINATOR', {
          nl: `Professional ${input.professionalId} is geen actieve regisseur van uw gemeente.`,
          en: `Professional ${input.professionalId} is not an active coordinator of your municipality.`,
        }, {
          errors: [{ field: 'professionalId', messages: [{ nl: 'professionalId moet een actieve professional met de rol regisseur zijn', en: 'professionalId must be an active professional with the coordinator role' }] }],
        });
      }
      if (current?.professionalId === target.id) return mapAssignment({ ...current, professionalName: target.name });

      const now = this.clock.now();
      const reason = input.reason.trim();
      // a pending proposal is overtaken by the assignment: withdrawn with its event, so the person it was made to hears
      // of it (the database's trigger would withdraw it silently; an outside run found their accept answering 409)
      await this.recordWithdrawals(await this.assignments.withdrawHandovers({ householdId }, now));
      if (current) await this.assignments.endActive(householdId, now, reason);
      const created = await this.assignments.insert({
        tenantId: actor.tenantId,
        householdId,
        professionalId: target.id,
        startedAt: now,
        reason,
        assignedById: actor.professionalId,
      });
      await this.households.updateIfVersion(householdId, undefined, household.status === 'registered' ? { status: 'intake', intakeStartedAt: now } : {});
      await this.outbox.record(
        createEvent(
          current ? 'coordinator.handed_over' : 'coordinator.assigned',
          { tenantId: actor.tenantId, aggregateId: created.id, householdId, actorId: actor.professionalId },
          { coordinatorId: target.id, previousCoordinatorId: current?.professionalId ?? null },
        ),
      );
      return mapAssignment({ ...created, professionalName: target.name });
    });
  }

  /**
   * A hand-over decided by the municipality's administrator (a professional leaves or changes role), not by the
   * household's coordinator: no visibility check — the people-admin service decided who may. Under the household
   * row lock; refuses when the household is no longer coordinated by `fromProfessionalId` (someone was faster).
   */
  async transferForStaffing(householdId: string, fromProfessionalId: string, toProfessionalId: string, reason: string): Promise<void> {
    const actor = this.context.actor;
    await this.tx.run(async () => {
      // the receiving person before the household (the people admin's order), share-locked: a deactivation of them by
      // another admin meanwhile is seen, or waits for this
      const target = await this.professionals.findInTenantForShare(actor.tenantId, toProfessionalId);
      const household = await this.households.lockById(actor.tenantId, householdId);
      const current = household ? await this.assignments.findActive(householdId) : null;
      if (!household || current?.professionalId !== fromProfessionalId) {
        throw CoordinationErrors.create('COORDINATION_CHANGED', {
          nl: `Huishouden ${householdId} valt niet (meer) onder de regie van professional ${fromProfessionalId}. Laad opnieuw en probeer het nog eens.`,
          en: `Household ${householdId} is not (or no longer) coordinated by professional ${fromProfessionalId}. Reload and retry.`,
        });
      }
      if (!target || !target.active || !target.roles.includes('coordinator') || target.id === fromProfessionalId) {
        throw CoordinationErrors.create('NOT_A_COORDINATOR', {
          nl: `Professional ${toProfessionalId} is geen andere actieve regisseur van uw gemeente.`,
          en: `Professional ${toProfessionalId} is not another active coordinator of your municipality.`,
        }, {
          errors: [{ field: 'handovers.professionalId', messages: [{ nl: 'elke overdracht moet een andere actieve professional met de rol regisseur noemen', en: 'each handover must name another active professional with the coordinator role' }] }],
        });
      }
      const now = this.clock.now();
      await this.withdrawProposalsFrom(householdId, fromProfessionalId, now);
      await this.assignments.endActive(householdId, now, reason);
      const created = await this.assignments.insert({ tenantId: actor.tenantId, householdId, professionalId: target.id, startedAt: now, reason, assignedById: actor.professionalId });
      await this.outbox.record(
        createEvent(
          'coordinator.handed_over',
          { tenantId: actor.tenantId, aggregateId: created.id, householdId, actorId: actor.professionalId },
          { coordinatorId: target.id, previousCoordinatorId: fromProfessionalId },
        ),
      );
    });
  }

  /**
   * The coordinator is deactivated without a successor (the administrator chose so explicitly): the household
   * becomes vacant with reason `deactivated`, and the supervisors and intake team are told.
   */
  async vacateForStaffing(householdId: string, fromProfessionalId: string, reason: string): Promise<void> {
    const actor = this.context.actor;
    await this.tx.run(async () => {
      const household = await this.households.lockById(actor.tenantId, householdId);
      const current = household ? await this.assignments.findActive(householdId) : null;
      if (!current || current.professionalId !== fromProfessionalId) {
        throw CoordinationErrors.create('COORDINATION_CHANGED', {
          nl: `Huishouden ${householdId} valt niet (meer) onder de regie van professional ${fromProfessionalId}. Laad opnieuw en probeer het nog eens.`,
          en: `Household ${householdId} is not (or no longer) coordinated by professional ${fromProfessionalId}. Reload and retry.`,
        });
      }
      await this.withdrawProposalsFrom(householdId, fromProfessionalId, this.clock.now());
      await this.assignments.endActive(householdId, this.clock.now(), reason, 'deactivated');
      const [intake] = await this.tx.manager.query<Array<{ id: string }>>('SELECT id FROM organisation WHERE tenant_id = $1 AND is_intake_team ORDER BY id LIMIT 1', [actor.tenantId]);
      await this.outbox.record(
        createEvent(
          'coordinator.stepped_down',
          { tenantId: actor.tenantId, aggregateId: current.id, householdId, actorId: actor.professionalId },
          { previousCoordinatorId: fromProfessionalId, intakeOrganisationId: intake?.id ?? null, vacancyReason: 'deactivated' },
        ),
      );
    });
  }

  /**
   * A coordinator leaves a case by staffing (deactivated, role lost): their pending proposal for it can never be
   * carried out, so it is withdrawn here, with its event, before the assignment ends (the database's trigger would
   * withdraw it silently; the proposed coordinator would be left with a proposal in the inbox that answers 409).
   */
  private async withdrawProposalsFrom(householdId: string, fromProfessionalId: string, at: Date): Promise<void> {
    await this.recordWithdrawals(await this.assignments.withdrawHandovers({ householdId, fromProfessionalId }, at));
  }

  private async recordWithdrawals(withdrawn: CoordinatorHandoverEntity[]): Promise<void> {
    const actor = this.context.actor;
    for (const handover of withdrawn) {
      await this.outbox.record(
        createEvent(
          'coordinator.handover_withdrawn',
          { tenantId: handover.tenantId, aggregateId: handover.id, householdId: handover.householdId, actorId: actor.professionalId },
          { handoverId: handover.id, coordinatorId: handover.toProfessionalId, previousCoordinatorId: handover.fromProfessionalId },
        ),
      );
    }
  }

  /** Proposals to a professional who leaves or loses the coordinator role can never be accepted: withdrawn. */
  async withdrawHandoversTo(professionalId: string): Promise<void> {
    // each withdrawal is a change of the case's coordination: the proposer and the supervisors hear of it, and the
    // timeline shows it (an outside run found the proposal gone with no word to anyone)
    await this.recordWithdrawals(await this.assignments.withdrawHandovers({ toProfessionalId: professionalId }, this.clock.now()));
  }

  /**
   * A hand-over's overlap keeps the outgoing coordinator involved as a coordinator: it ends when they leave, lose
   * the coordinator role or move to another organisation (they are then no longer the colleague the overlap was for).
   */
  async endOverlapsOf(professionalId: string): Promise<void> {
    await this.assignments.endOverlapsOf(professionalId, this.clock.now());
  }

  /** Households (ids) the professional coordinates now. */
  coordinatedBy(professionalId: string): Promise<string[]> {
    return this.assignments.activeHouseholdsOf(professionalId);
  }

  async history(householdId: string, query: PageQueryDto): Promise<Page<CoordinatorAssignmentDto>> {
    await this.access.requireVisible(householdId);
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const rows = await this.assignments.historyPage(householdId, limit, after);
    return toPage(rows, limit, (a) => [instantKey(a.startedAt), a.id], mapAssignment);
  }

  private checkMayAssign(currentCoordinatorId: string | undefined, targetId: string): void {
    const actor = this.context.actor;
    if (actor.roles.includes('supervisor')) return;
    if (currentCoordinatorId === actor.professionalId) return;
    if (currentCoordinatorId === undefined && actor.roles.includes('coordinator') && targetId === actor.professionalId) return;
    throw CoordinationErrors.create(
      'NOT_ALLOWED_TO_ASSIGN',
      {
        nl:
          currentCoordinatorId === undefined
            ? 'Een regisseur mag een huishouden zonder regisseur zelf op zich nemen; iemand anders toewijzen vraagt een supervisor.'
            : 'Alleen de huidige regisseur of een supervisor mag dit huishouden overdragen.',
        en:
          currentCoordinatorId === undefined
            ? 'A coordinator may take a household without coordinator for themselves; assigning someone else needs a supervisor.'
            : "Only the current coordinator or a supervisor may hand this household over.",
      },
    );
  }
}
