import { Injectable } from '@nestjs/common';
import { CareTeamLinkEnds } from '../care-team/care-team-link-ends.js';
import { Clock } from '../common/clock.js';
import type { Text } from '../common/language.js';
import { RequestContext } from '../common/request-context.js';
import { CoordinationService } from '../coordination/coordination.service.js';
import { TransactionHost } from '../database/transaction-host.js';
import { ActionOwnerNotices } from '../plans/action-owner-notices.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import type { ProfessionalEntity } from '../professionals/entities/professional.entity.js';
import { ProfessionalErrors } from '../professionals/professionals.errors.js';
import { mapProfessional } from '../professionals/professionals.mapper.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import type { Role } from '../common/roles.js';
import type { DeactivateProfessionalDto, StaffingChangeDto, StaffingHandoverDto, UpdateProfessionalDto } from './dto/staffing.dto.js';
import { StaffingErrors } from './staffing.errors.js';

/**
 * People admin: an administrator deactivates, reactivates or changes the roles and organisation of a professional
 * of the municipality. A change that ends someone's coordination (deactivation, losing the coordinator role) is
 * refused while they coordinate households, unless every one of them is handed over in the same transaction —
 * so no household silently loses its coordinator. The auth guard reads `active` and roles on every request, so a
 * deactivated professional's tokens stop working at once.
 */
@Injectable()
export class StaffingService {
  constructor(
    private readonly professionals: ProfessionalsRepository,
    private readonly organisations: OrganisationsService,
    private readonly coordination: CoordinationService,
    private readonly actionOwners: ActionOwnerNotices,
    private readonly careTeamLinks: CareTeamLinkEnds,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  deactivate(id: string, input: DeactivateProfessionalDto): Promise<StaffingChangeDto> {
    return this.tx.run(async () => {
      const person = await this.lock(id);
      const named = new Set((input.handovers ?? []).map((h) => h.householdId));
      const vacated = input.leaveVacant && person.active ? (await this.coordination.coordinatedBy(person.id)).filter((h) => !named.has(h)) : [];
      if (person.id === this.context.actor.professionalId) {
        throw StaffingErrors.create('SELF_LOCKOUT', {
          nl: 'U kunt uzelf niet deactiveren; vraag een andere beheerder.',
          en: 'You cannot deactivate yourself; ask another administrator.',
        });
      }
      const handedOver = person.active ? await this.handOverAll(person, input.handovers ?? [], input.reason.trim(), { nl: 'wordt gedeactiveerd', en: 'is deactivated' }, input.leaveVacant === true) : await this.noHandovers(input.handovers);
      await this.coordination.withdrawHandoversTo(person.id);
      await this.coordination.endOverlapsOf(person.id);
      if (person.active) await this.actionOwners.ownerLeft(person.id, 'deactivated');
      await this.professionals.updatePerson(person.id, { active: false });
      return this.result(person.id, handedOver, vacated);
    });
  }

  reactivate(id: string): Promise<StaffingChangeDto> {
    return this.tx.run(async () => {
      const person = await this.lock(id);
      if (!person.active) await this.professionals.updatePerson(person.id, { active: true });
      return this.result(person.id, []);
    });
  }

  update(id: string, input: UpdateProfessionalDto): Promise<StaffingChangeDto> {
    return this.tx.run(async () => {
      const person = await this.lock(id);
      const roles: Role[] = input.roles ?? person.roles;
      if (person.id === this.context.actor.professionalId && !roles.includes('admin')) {
        throw StaffingErrors.create('SELF_LOCKOUT', {
          nl: 'U kunt uzelf de beheerdersrol niet afnemen; vraag een andere beheerder.',
          en: 'You cannot take the admin role from yourself; ask another administrator.',
        });
      }
      // four eyes: an administrator who gave themselves a case role (coordinator, supervisor) or the privacy officer's
      // could read case files and BSNs, or review their own oversight (an outside probe did exactly that)
      const gained = roles.filter((role) => !person.roles.includes(role));
      if (person.id === this.context.actor.professionalId && gained.length > 0) {
        throw StaffingErrors.create('SELF_GRANT', {
          nl: `U kunt uzelf geen rol geven (${gained.join(', ')}); vraag een andere beheerder.`,
          en: `You cannot give yourself a role (${gained.join(', ')}); ask another administrator.`,
        });
      }
      if (input.organisationId !== undefined) await this.organisations.requireInTenant(input.organisationId);
      const losesCoordination = person.active && person.roles.includes('coordinator') && !roles.includes('coordinator');
      let handedOver: StaffingHandoverDto[] = [];
      if (losesCoordination) {
        const reason = input.reason?.trim();
        const coordinated = await this.coordination.coordinatedBy(person.id);
        if (coordinated.length > 0 && !reason) throw StaffingErrors.create('REASON_REQUIRED', {
          nl: 'Geef een reden op: die wordt bij elke overdracht vastgelegd.',
          en: 'Give a reason: it is recorded with each hand-over.',
        }, { errors: [{ field: 'reason', messages: [{ nl: 'reason is verplicht bij overdrachten', en: 'reason is required with hand-overs' }] }] });
        handedOver = await this.handOverAll(person, input.handovers ?? [], reason ?? '', { nl: 'verliest de rol regisseur', en: 'loses the coordinator role' });
        await this.coordination.withdrawHandoversTo(person.id);
      } else {
        await this.noHandovers(input.handovers);
      }
      const movesOrganisation = input.organisationId !== undefined && input.organisationId !== person.organisationId;
      if (losesCoordination || movesOrganisation) await this.coordination.endOverlapsOf(person.id);
      if (movesOrganisation && person.active) await this.actionOwners.ownerLeft(person.id, 'moved');
      // their links name the organisation they leave: they end with the move (the database refuses a move that keeps one)
      if (movesOrganisation) await this.careTeamLinks.professionalMoved(person.id, person.organisationId, this.clock.now());
      await this.professionals.updatePerson(person.id, { roles, organisationId: input.organisationId ?? person.organisationId });
      return this.result(person.id, handedOver);
    });
  }

  private async lock(id: string): Promise<ProfessionalEntity> {
    const person = await this.professionals.lockInTenant(this.context.actor.tenantId, id);
    if (!person) {
      throw ProfessionalErrors.create('PROFESSIONAL_NOT_FOUND', {
        nl: `Er bestaat geen professional met id ${id} in uw gemeente.`,
        en: `No professional with id ${id} exists in your municipality.`,
      });
    }
    return person;
  }

  /** Every household the person coordinates must be in `handovers`, and nothing else. */
  private async handOverAll(person: ProfessionalEntity, handovers: StaffingHandoverDto[], reason: string, because: Text, leaveVacant = false): Promise<StaffingHandoverDto[]> {
    const coordinated = new Set(await this.coordination.coordinatedBy(person.id));
    const named = new Set(handovers.map((h) => h.householdId));
    const missing = [...coordinated].filter((h) => !named.has(h));
    if (missing.length > 0 && !leaveVacant) {
      throw StaffingErrors.create(
        'STILL_COORDINATING',
        {
          nl: `Professional ${person.id} ${because.nl} maar voert nog regie over ${missing.length} huishouden(s). Draag elk huishouden over in hetzelfde verzoek (handovers: [{ householdId, professionalId }]).`,
          en: `Professional ${person.id} ${because.en} but still coordinates ${missing.length} household(s). Hand each over in the same request (handovers: [{ householdId, professionalId }]).`,
        },
        { householdIds: missing },
      );
    }
    await this.noHandovers(handovers.filter((h) => !coordinated.has(h.householdId)));
    for (const handover of handovers) await this.coordination.transferForStaffing(handover.householdId, person.id, handover.professionalId, reason);
    for (const householdId of missing) await this.coordination.vacateForStaffing(householdId, person.id, reason);
    return handovers.map((h) => ({ householdId: h.householdId, professionalId: h.professionalId }));
  }

  private async noHandovers(handovers: StaffingHandoverDto[] | undefined): Promise<[]> {
    if (handovers && handovers.length > 0) {
      throw StaffingErrors.create('HANDOVER_NOT_NEEDED', {
        nl: `Overdrachten zijn alleen voor huishoudens waarover de professional regie voert en die deze wijziging kwijtraakt (${handovers[0]!.householdId} is er geen van).`,
        en: `Hand-overs are only for households the professional coordinates and loses with this change (${handovers[0]!.householdId} is not one).`,
      }, {
        errors: [{ field: 'handovers', messages: [{ nl: 'noem alleen huishoudens waarover deze professional regie voert', en: 'name only households this professional coordinates' }] }],
      });
    }
    return [];
  }

  private async result(id: string, handedOver: StaffingHandoverDto[], vacated: string[] = []): Promise<StaffingChangeDto> {
    const person = await this.lock(id);
    return { professional: mapProfessional(person, true), handedOver, vacated, householdIds: [...handedOver.map((h) => h.householdId), ...vacated] };
  }
}
