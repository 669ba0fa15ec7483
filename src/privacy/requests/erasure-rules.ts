import type { Text } from '../../common/language.js';
import { RECORD_CATEGORIES, type CategoryDecision, type KeepGround, type RecordCategory } from './erasure-report.js';

/** What the rules need to know about the subject; the repository counts, the legal-hold port answers. */
export interface ErasureFacts {
  /** The whole household, or one member of it. */
  subject: 'household' | 'member';
  /** The case is not closed: care is still being given. */
  caseOpen: boolean;
  /** A legal hold stands on the household (src/privacy/legal-holds, through the LegalHoldPort). */
  legalHold: boolean;
  counts: Record<RecordCategory, number>;
}

/** The case file: what the Jeugdwet (art. 7.3.8) and the Wmo 2015 oblige a municipality to keep while it gives care. */
const CASE_FILE: ReadonlySet<RecordCategory> = new Set(['household', 'members', 'bsn', 'plan', 'contacts', 'assessments', 'escalations', 'signals']);

/** Rows that other rows point at: their identifying fields are replaced, the row stays so the rest keeps its shape. */
const PSEUDONYMISED: ReadonlySet<RecordCategory> = new Set(['household', 'members', 'bsn', 'plan']);

/** For one member, these belong to the household as a whole (not to that member) and stay. */
const HOUSEHOLD_ONLY: ReadonlySet<RecordCategory> = new Set(['household', 'plan', 'escalations', 'signals']);

export const KEEP_REASONS: Record<KeepGround, Text> = {
  legal_hold: {
    nl: 'Er rust een bewaarplicht (legal hold) op dit huishouden, bijvoorbeeld voor een rechtszaak of klacht; zolang die geldt wordt niets gewist (AVG art. 17 lid 3 sub e).',
    en: 'A legal hold stands on this household, for example for a court case or complaint; while it stands nothing is erased (GDPR art. 17(3)(e)).',
  },
  open_case_file: {
    nl: 'De zaak is nog open: het dossier moet worden bewaard zolang er hulp wordt geboden (Jeugdwet art. 7.3.8, Wmo 2015); wissen kan na afsluiting (AVG art. 17 lid 3 sub b). Overweeg intussen een beperking (art. 18).',
    en: 'The case is still open: the file must be kept while care is given (Youth Act art. 7.3.8, Social Support Act 2015); erasure is possible after closure (GDPR art. 17(3)(b)). Consider a restriction (art. 18) meanwhile.',
  },
  audit_evidence: {
    nl: 'Logregels worden bewaard: zij zijn het bewijs wie de gegevens heeft ingezien of gewijzigd (AVG art. 5 lid 2 en art. 15, NEN 7513), bevatten alleen verwijzingen (id\'s) en geen inhoud, en zijn verzegeld in een hashketen die niet gewijzigd kan worden zonder dat dat opvalt.',
    en: 'Audit events are kept: they are the evidence of who viewed or changed the data (GDPR art. 5(2) and 15, NEN 7513), hold references (ids) and no content, and are sealed in a hash chain that cannot be changed without it showing.',
  },
  household_context: {
    nl: 'Dit gegeven hoort bij het huishouden als geheel, niet bij dit gezinslid; het blijft staan. Verwijzingen naar het gezinslid zelf worden wel gewist.',
    en: 'This belongs to the household as a whole, not to this member; it stays. References to the member themself are erased.',
  },
};

const DONE_REASONS: Record<'erase' | 'pseudonymise', Text> = {
  erase: { nl: 'Wordt verwijderd.', en: 'Will be deleted.' },
  pseudonymise: {
    nl: 'Wordt gepseudonimiseerd: namen, geboortedatum, BSN, adres en vrije tekst worden vervangen; de rij blijft zodat andere gegevens (en de statistiek) hun vorm houden.',
    en: 'Will be pseudonymised: names, date of birth, BSN, address and free text are replaced; the row stays so other records (and the statistics) keep their shape.',
  },
};

/** Why a category stays, most compelling first; null: it may go. */
function keepGround(category: RecordCategory, facts: ErasureFacts): KeepGround | null {
  if (category === 'audit_events') return 'audit_evidence';
  if (facts.legalHold) return 'legal_hold';
  if (facts.caseOpen && CASE_FILE.has(category)) return 'open_case_file';
  if (facts.subject === 'member' && HOUSEHOLD_ONLY.has(category)) return 'household_context';
  return null;
}

/**
 * The preview: per category what an erasure would do with the subject's rows and why. Pure, so the rules are
 * tested on their own (test/unit/privacy-erasure-rules.spec.ts) and the execution does exactly what was previewed.
 */
export function decideErasure(facts: ErasureFacts): CategoryDecision[] {
  return RECORD_CATEGORIES.map((category) => {
    const count = facts.counts[category];
    const ground = keepGround(category, facts);
    if (ground) return { category, count, disposition: 'keep', keptBecause: ground, reason: KEEP_REASONS[ground] };
    const disposition = PSEUDONYMISED.has(category) ? ('pseudonymise' as const) : ('erase' as const);
    return { category, count, disposition, keptBecause: null, reason: DONE_REASONS[disposition] };
  });
}

/** The categories an execution touches (those not kept). */
export const toErase = (decisions: readonly CategoryDecision[]): RecordCategory[] => decisions.filter((d) => d.disposition !== 'keep').map((d) => d.category);

/** What a restriction freezes (readable, not changeable, not sent by webhook); the other categories are untouched. */
const FROZEN: Partial<Record<RecordCategory, Text>> = {
  household: { nl: 'Bij een beperking van het hele huishouden: adres en reden van aanmelding kunnen niet worden gewijzigd.', en: 'For a restriction of the whole household: address and reason for registration cannot be changed.' },
  members: { nl: 'Naam, geboortedatum en rol zijn in te zien, niet te wijzigen of te verwijderen.', en: 'Name, date of birth and role can be read, not changed or removed.' },
  bsn: { nl: 'Het BSN kan niet worden vastgelegd, gewijzigd of gewist.', en: 'The BSN cannot be recorded, changed or cleared.' },
  plan: { nl: 'Acties kunnen niet aan het gezinslid worden toegewezen of gewijzigd zolang het gezinslid ze heeft.', en: 'Actions cannot be assigned to the member, or changed while the member owns them.' },
  contacts: { nl: 'Het gezinslid kan niet aan nieuwe contactmomenten worden gekoppeld.', en: 'The member cannot be linked to new contact moments.' },
  assessments: { nl: 'Er kunnen geen nieuwe scores voor het gezinslid worden vastgelegd.', en: 'No new scores can be recorded for the member.' },
  webhook_deliveries: { nl: 'Gebeurtenissen die het gezinslid noemen gaan niet per webhook naar partners; al klaargezette leveringen worden niet verstuurd.', en: 'Events naming the member are not sent to partners by webhook; deliveries already queued are not sent.' },
};

/** The preview of a restriction: per category whether it is frozen (the same list as an erasure, so they compare). */
export function decideRestriction(facts: Pick<ErasureFacts, 'subject' | 'counts'>): CategoryDecision[] {
  return RECORD_CATEGORIES.filter((category) => FROZEN[category] && (category !== 'household' || facts.subject === 'household')).map((category) => ({
    category,
    count: facts.counts[category],
    disposition: 'freeze' as const,
    keptBecause: null,
    reason: FROZEN[category]!,
  }));
}
