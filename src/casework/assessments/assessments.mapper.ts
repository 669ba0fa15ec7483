import { scopeCovers, type ReaderScope } from '../../access/reader-scope.js';
import { totalOf } from './assessment-comparison.js';
import type { AssessmentRow } from './assessments.repository.js';
import type { AssessmentDto, AssessmentSummaryDto } from './dto/assessment.dto.js';

export const memberRef = (row: AssessmentRow) =>
  row.assessment.memberId === null ? null : { memberId: row.assessment.memberId, name: row.memberName ?? '' };

export const mapAssessment = (row: AssessmentRow): AssessmentDto => ({
  id: row.assessment.id,
  householdId: row.assessment.householdId,
  member: memberRef(row),
  assessedOn: row.assessment.assessedOn,
  assessedBy: { professionalId: row.assessment.assessedById, name: row.assessedByName },
  scores: row.scores,
  total: totalOf(row),
  createdAt: row.assessment.createdAt.toISOString(),
});

export const mapAssessmentSummary = (row: AssessmentRow): AssessmentSummaryDto => ({
  id: row.assessment.id,
  assessedOn: row.assessment.assessedOn,
  total: totalOf(row),
  domainCount: row.scores.length,
});

/**
 * An assessment as a reader sees it (purpose limitation): only the scores of domains their scope covers, about a
 * member they may see (or the whole household, for a reader of the whole household); null when nothing is left.
 */
export function assessmentInScope(row: AssessmentRow, scope: ReaderScope): AssessmentRow | null {
  if (scope.full) return row;
  const memberIds = row.assessment.memberId === null ? [] : [row.assessment.memberId];
  const scores = row.scores.filter((s) => scopeCovers(scope, { domains: [s.domainCode], memberIds }));
  if (scores.length === 0 && !(row.scores.length === 0 && scopeCovers(scope, { memberIds }))) return null;
  return { ...row, scores };
}
