import type { AssignmentWithName } from './coordination.repository.js';
import type { CoordinatorAssignmentDto } from './dto/coordinator.dto.js';

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
