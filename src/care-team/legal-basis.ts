/** The legal ground a care-team link rests on (AVG art. 6/9). */
export const LEGAL_BASES = ['consent', 'legal_obligation', 'vital_interest', 'public_task'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
