/** Labels for the access report a citizen receives (AVG art. 15), in Dutch (default) and English. */
export const REPORT_LANGUAGES = ['nl', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

type Labels = Record<ReportLanguage, string>;

export const REPORT_TEXT = {
  title: { nl: 'Overzicht van wie uw gegevens heeft ingezien of gewijzigd', en: 'Overview of who viewed or changed your data' },
  scopeHousehold: { nl: 'Gegevens van het huishouden', en: 'Data of the household' },
  scopeMember: { nl: 'Gegevens van dit gezinslid, en van het huishouden als geheel', en: "This member's data, and the household's data as a whole" },
  columns: {
    date: { nl: 'Datum', en: 'Date' },
    firstAt: { nl: 'Eerste keer', en: 'First time' },
    lastAt: { nl: 'Laatste keer', en: 'Last time' },
    times: { nl: 'Aantal keer', en: 'Number of times' },
    organisation: { nl: 'Organisatie', en: 'Organisation' },
    role: { nl: 'Rol', en: 'Role' },
    action: { nl: 'Handeling', en: 'Action' },
    purpose: { nl: 'Doel', en: 'Purpose' },
    legalBasis: { nl: 'Grondslag', en: 'Legal basis' },
  },
} satisfies Record<string, Labels | Record<string, Labels>>;

export const ACTION_LABELS: Record<string, Labels> = {
  create: { nl: 'vastgelegd', en: 'recorded' },
  read: { nl: 'ingezien', en: 'viewed' },
  update: { nl: 'gewijzigd', en: 'changed' },
  delete: { nl: 'verwijderd', en: 'removed' },
  search: { nl: 'in een overzicht of zoekresultaat getoond', en: 'shown in a list or search result' },
  export: { nl: 'geëxporteerd', en: 'exported' },
};

export const ROLE_LABELS: Record<string, Labels> = {
  admin: { nl: 'beheerder', en: 'administrator' },
  supervisor: { nl: 'teamleider', en: 'supervisor' },
  coordinator: { nl: 'regisseur', en: 'case coordinator' },
  professional: { nl: 'hulpverlener', en: 'care professional' },
  privacy_officer: { nl: 'functionaris gegevensbescherming', en: 'data protection officer' },
  api_client: { nl: 'partnersysteem', en: 'partner system' },
};

export const PURPOSE_LABELS: Record<string, Labels> = {
  case_coordination: { nl: 'regie op de hulp aan het gezin', en: 'coordinating the help for the family' },
  care_team_support: { nl: 'hulpverlening als lid van het zorgteam', en: 'providing care as a member of the care team' },
  supervision: { nl: 'toezicht op de kwaliteit en voortgang van de hulp', en: 'supervising the quality and progress of care' },
  administration: { nl: 'beheer van het systeem', en: 'administering the system' },
  intake: { nl: 'aanmelding en toewijzing van een regisseur', en: 'intake and assigning a case coordinator' },
  accountability: { nl: 'verantwoording over de verwerking van gegevens', en: 'accounting for how data is processed' },
  signal_matching: { nl: 'samenbrengen van zorgsignalen', en: 'matching concerns reported about the family' },
  emergency_care: { nl: 'hulp in een noodsituatie', en: 'help in an emergency' },
  none: { nl: 'geen (niets ingezien)', en: 'none (nothing was visible)' },
  data_subject_rights: { nl: 'afhandeling van een verzoek om gegevens te wissen of de verwerking te beperken (AVG art. 17/18)', en: 'handling a request to erase data or restrict its processing (GDPR art. 17/18)' },
};

export const BASIS_LABELS: Record<string, Labels> = {
  coordinator: { nl: 'regisseur van het gezin', en: "the family's case coordinator" },
  care_team_consent: { nl: 'uw toestemming', en: 'your consent' },
  care_team_consent_of_another_member: { nl: 'toestemming van een ander gezinslid', en: 'consent of another member of the household' },
  care_team_legal_obligation: { nl: 'wettelijke verplichting', en: 'legal obligation' },
  care_team_vital_interest: { nl: 'vitaal belang', en: 'vital interest' },
  care_team_public_task: { nl: 'taak van algemeen belang (publieke taak)', en: 'task in the public interest' },
  tenant_role: { nl: 'functie binnen de gemeente (teamleider of beheerder)', en: 'position within the municipality (supervisor or administrator)' },
  intake: { nl: 'aanmelding van het gezin', en: 'registration of the family' },
  audit_role: { nl: 'wettelijke verantwoordingsplicht', en: 'legal duty to account for processing' },
  route_role: { nl: 'functie', en: 'position' },
  none: { nl: 'geen (niets ingezien)', en: 'none (nothing was visible)' },
  emergency: { nl: 'noodtoegang (doorbreken van de afscherming)', en: 'emergency access (break-the-glass)' },
};

export function label(table: Record<string, Labels>, code: string, lang: ReportLanguage): string {
  return table[code]?.[lang] ?? code;
}
