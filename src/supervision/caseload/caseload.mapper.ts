import type { CaseloadFigures, CoordinatorRow } from './caseload.repository.js';
import type { CaseloadDto } from './dto/caseload.dto.js';

export const mapCaseload = (c: CoordinatorRow, f: CaseloadFigures | undefined): CaseloadDto => ({
  coordinator: { id: c.id, name: c.name },
  canCoordinate: c.can_coordinate,
  activeHouseholds: f?.active_households ?? 0,
  overdueActions: f?.overdue_actions ?? 0,
  stalledCases: f?.stalled_cases ?? 0,
  lastActivityAt: f?.last_activity_at?.toISOString() ?? null,
});
