export const ORGANISATION_KINDS = [
  'municipal_team',
  'youth_care',
  'mental_health',
  'debt_counselling',
  'housing',
  'school',
  'police',
  'welfare',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
