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
