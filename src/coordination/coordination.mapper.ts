import type { AssignmentWithName } from './coordination.repository.js';
import type { CoordinationStateDto, CoordinatorHandoverDto } from './dto/coordination-state.dto.js';
import type { CoordinatorAssignmentDto } from './dto/coordinator.dto.js';
import type { CoordinatorAssignmentEntity } from './entities/coordinator-assignment.entity.js';
import type { CoordinatorHandoverEntity } from './entities/coordinator-handover.entity.js';
import type { HouseholdCoordinationEntity } from './entities/household-coordination.entity.js';

export const mapAssignment = (a: AssignmentWithName): CoordinatorAssignmentDto => ({
  id: a.id,
  professionalId: a.professionalId,
  professionalName: a.professionalName,
  startedAt: a.startedAt.toISOString(),
  endedAt: a.endedAt?.toISOString() ?? null,
  reason: a.reason,
  endReason: a.endReason,
  assignedById: a.assignedById,
});

const ref = (id: string, names: Map<string, string>) => ({ professionalId: id, name: names.get(id) ?? '' });

export const mapHandover = (h: CoordinatorHandoverEntity, names: Map<string, string>): CoordinatorHandoverDto => ({
  id: h.id,
  householdId: h.householdId,
  from: ref(h.fromProfessionalId, names),
  to: ref(h.toProfessionalId, names),
  proposedById: h.proposedById,
  reason: h.reason,
  overlapDays: h.overlapDays,
  status: h.status,
  proposedAt: h.proposedAt.toISOString(),
  decidedAt: h.decidedAt?.toISOString() ?? null,
  declineReason: h.declineReason,
});

export function mapCoordinationState(
  householdId: string,
  state: HouseholdCoordinationEntity | null,
  active: CoordinatorAssignmentEntity | null,
  overlap: CoordinatorAssignmentEntity | null,
  handovers: CoordinatorHandoverEntity[],
  names: Map<string, string>,
): CoordinationStateDto {
  const pending = handovers.find((h) => h.status === 'proposed');
  return {
    householdId,
    state: state?.state ?? (active ? 'assigned' : 'vacant'),
    coordinator: active ? ref(active.professionalId, names) : null,
    vacancy: state?.state === 'vacant' && state.vacantSince && state.vacantReason ? { since: state.vacantSince.toISOString(), reason: state.vacantReason } : null,
    pendingHandover: pending ? mapHandover(pending, names) : null,
    overlap: overlap?.overlapUntil ? { professional: ref(overlap.professionalId, names), until: overlap.overlapUntil.toISOString() } : null,
    handovers: handovers.map((h) => mapHandover(h, names)),
  };
}
