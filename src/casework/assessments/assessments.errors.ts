import { defineErrors } from '../../common/domain-error.js';

export const AssessmentErrors = defineErrors({
  ASSESSMENT_NOT_FOUND: { status: 404, title: { nl: 'Beoordeling niet gevonden', en: 'Assessment not found' } },
  ASSESSED_ON_IN_FUTURE: { status: 422, title: { nl: 'Datum van de beoordeling in de toekomst', en: 'Assessment date in the future' } },
  ASSESSMENTS_NOT_COMPARABLE: { status: 422, title: { nl: 'Beoordelingen van verschillende onderwerpen', en: 'Assessments of different subjects' } },
});
