/**
 * The life domains Dutch self-reliance assessments use (codes and short labels only; no licensed criteria
 * texts), plus parenting. Each tenant gets this list at creation and may extend it.
 */
export const DEFAULT_LIFE_DOMAINS: ReadonlyArray<{ code: string; labelNl: string; labelEn: string }> = [
  { code: 'finances', labelNl: 'Financiën', labelEn: 'Finances' },
  { code: 'work_education', labelNl: 'Werk en opleiding', labelEn: 'Work and education' },
  { code: 'time_use', labelNl: 'Tijdsbesteding', labelEn: 'Time use' },
  { code: 'housing', labelNl: 'Huisvesting', labelEn: 'Housing' },
  { code: 'domestic_relations', labelNl: 'Huiselijke relaties', labelEn: 'Domestic relations' },
  { code: 'mental_health', labelNl: 'Geestelijke gezondheid', labelEn: 'Mental health' },
  { code: 'physical_health', labelNl: 'Lichamelijke gezondheid', labelEn: 'Physical health' },
  { code: 'substance_use', labelNl: 'Middelengebruik', labelEn: 'Substance use' },
  { code: 'basic_adl', labelNl: 'Basale ADL', labelEn: 'Basic daily living' },
  { code: 'instrumental_adl', labelNl: 'Instrumentele ADL', labelEn: 'Instrumental daily living' },
  { code: 'social_network', labelNl: 'Sociaal netwerk', labelEn: 'Social network' },
  { code: 'community_participation', labelNl: 'Maatschappelijke participatie', labelEn: 'Community participation' },
  { code: 'justice', labelNl: 'Justitie', labelEn: 'Justice' },
  { code: 'parenting', labelNl: 'Opvoeding', labelEn: 'Parenting' },
];
