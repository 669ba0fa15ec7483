/**
 * Purpose limitation (issue 13, item 5): category- and member-level rows of the access matrix. Static, like the rest
 * of this folder, so the same table drives `test/e2e/authorization-scope-matrix.e2e-spec.ts` and docs/ACCESS-MATRIX.md.
 *
 * One household: a parent and a child (both with a BSN), a goal in `work_education` and one in `finances` (each with
 * an action), assessments of the child, of the parent and of the whole household, a contact moment with the child and
 * one with the parent; a resolved escalation about the parent's finances and an open one about the child's work and
 * education; and a signal of an organisation that is not on the care team. Its readers (columns) stand to it in every
 * way a scope can make.
 */

export type ScopeReaderKey = 'coordinator' | 'supervisor' | 'wholeCase' | 'school' | 'parentConsent' | 'schoolClient';

export interface ScopeReader {
  key: ScopeReaderKey;
  label: string;
  /** An API client reaches only the routes its scopes open (households:read, plan:read); other rows are `n/a` for it. */
  client?: boolean;
}

export const SCOPE_READERS: readonly ScopeReader[] = [
  { key: 'coordinator', label: "the household's coordinator" },
  { key: 'supervisor', label: 'a supervisor of the municipality' },
  { key: 'wholeCase', label: 'youth care, on a link without a scope and a consent for the whole household' },
  {
    key: 'school',
    label:
      "the school's teacher, on a link for `work_education` and `parenting`, the child, no BSN, no contact notes — resting on a consent for the child and `work_education`",
  },
  { key: 'parentConsent', label: 'a mental-health professional, on a link without a scope resting on a consent given for the parent only' },
  { key: 'schoolClient', label: "the school's API client (households:read, plan:read): it stands where the school's links stand", client: true },
];

/** Shown (in the read, list or timeline the row names), hidden (left out, or 404 as for a missing id), or not applicable. */
export type ScopeOutcome = 'shown' | 'hidden' | 'n/a';

export type ScopeProbe =
  | 'goalCoveredDomain'
  | 'goalOtherDomain'
  | 'actionOtherDomain'
  | 'memberChild'
  | 'memberParent'
  | 'bsnIndicatorChild'
  | 'registrationReason'
  | 'registrationReasonInList'
  | 'assessmentChild'
  | 'assessmentParent'
  | 'assessmentHousehold'
  | 'scoreOtherDomain'
  | 'contactChild'
  | 'contactParent'
  | 'timelineOtherDomain'
  | 'timelineContactParent'
  | 'escalationParent'
  | 'escalationListChild'
  | 'timelineEscalationChild'
  | 'timelineSignal';

export interface ScopeRow {
  probe: ScopeProbe;
  /** The category the row is about and where it is read. */
  label: string;
  expected: Record<ScopeReaderKey, ScopeOutcome>;
}

const row = (probe: ScopeProbe, label: string, cells: [ScopeOutcome, ScopeOutcome, ScopeOutcome, ScopeOutcome, ScopeOutcome, ScopeOutcome]): ScopeRow => ({
  probe,
  label,
  expected: { coordinator: cells[0], supervisor: cells[1], wholeCase: cells[2], school: cells[3], parentConsent: cells[4], schoolClient: cells[5] },
});

/** The documented outcomes: coordinators and supervisors see the whole case; partners what their link and consent cover. */
export const SCOPE_ROWS: readonly ScopeRow[] = [
  row('goalCoveredDomain', 'domain: a goal in `work_education` (GET …/plan)', ['shown', 'shown', 'shown', 'shown', 'shown', 'shown']),
  row('goalOtherDomain', 'domain: a goal in `finances` (GET …/plan)', ['shown', 'shown', 'shown', 'hidden', 'shown', 'hidden']),
  row('actionOtherDomain', 'domain: the action of the `finances` goal (GET …/plan)', ['shown', 'shown', 'shown', 'hidden', 'shown', 'hidden']),
  row('memberChild', 'member: the child (GET …/households/{id})', ['shown', 'shown', 'shown', 'shown', 'hidden', 'shown']),
  row('memberParent', 'member: the parent (GET …/households/{id})', ['shown', 'shown', 'shown', 'hidden', 'shown', 'hidden']),
  row('bsnIndicatorChild', "BSN: whether the child's BSN is on record (`hasBsn`, GET …/households/{id})", ['shown', 'shown', 'shown', 'hidden', 'hidden', 'hidden']),
  row('registrationReason', 'contact note: the registration reason, free text about the whole household (`registrationReason`, GET …/households/{id})', ['shown', 'shown', 'shown', 'hidden', 'hidden', 'hidden']),
  row('registrationReasonInList', 'contact note: the same in the list of households (GET /households)', ['shown', 'shown', 'shown', 'hidden', 'hidden', 'hidden']),
  row('assessmentChild', "member + domain: the child's assessment (`work_education`, `finances`; GET …/assessments/{id})", ['shown', 'shown', 'shown', 'shown', 'hidden', 'n/a']),
  row('scoreOtherDomain', "domain: the `finances` score of the child's assessment (GET …/assessments/{id})", ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
  row('assessmentParent', "member: the parent's assessment (GET …/assessments/{id})", ['shown', 'shown', 'shown', 'hidden', 'shown', 'n/a']),
  row('assessmentHousehold', 'member: an assessment of the whole household (GET …/assessments/{id})', ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
  row('contactChild', 'contact note: a contact moment with the child (GET …/contacts/{id})', ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
  row('contactParent', 'contact note: a contact moment with the parent (GET …/contacts/{id})', ['shown', 'shown', 'shown', 'hidden', 'shown', 'n/a']),
  row('timelineOtherDomain', 'timeline: the change that added the `finances` goal (GET …/timeline)', ['shown', 'shown', 'shown', 'hidden', 'shown', 'n/a']),
  row('timelineContactParent', 'timeline: the contact moment with the parent (GET …/timeline)', ['shown', 'shown', 'shown', 'hidden', 'shown', 'n/a']),
  row('escalationParent', "escalation (a case note): about the parent's `finances` (GET /escalations/{id})", ['shown', 'shown', 'shown', 'hidden', 'shown', 'n/a']),
  row('escalationListChild', "escalation (a case note): about the child's `work_education` (GET …/escalations)", ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
  row('timelineEscalationChild', "timeline: the escalation about the child's `work_education` (GET …/timeline)", ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
  row('timelineSignal', "timeline: another organisation's signal — no domain or member of the case, so the whole case only (GET …/timeline)", ['shown', 'shown', 'shown', 'hidden', 'hidden', 'n/a']),
];

const SYMBOL: Record<ScopeOutcome, string> = { shown: '✓', hidden: '—', 'n/a': 'n/a' };

/** The section of docs/ACCESS-MATRIX.md with these rows. */
export function renderScopeMatrix(): string[] {
  const cells = (values: string[]) => `| ${values.join(' | ')} |`;
  return [
    '## Purpose limitation — what of a case each reader sees',
    '',
    'Category- and member-level rows (issue 13, item 5): case data carries its category — the life domain of goals,',
    'actions, scores and escalations; the member it concerns; BSN; contact notes (free-text case notes: contact moments',
    'and escalation reasons/outcomes). A care-team link and the consent it rests on name',
    'what they cover; one predicate (`eenplan_scope_covers`, `src/access/reader-scope*.ts`) decides for reads, lists,',
    'the timeline, notifications and webhooks. `test/e2e/authorization-scope-matrix.e2e-spec.ts` reads every cell.',
    '`✓` shown; `—` left out of the answer (a single item: 404 as for a missing id); `n/a` the route is closed to the reader.',
    '',
    ...SCOPE_READERS.map((r) => `- \`${r.key}\` — ${r.label}.`),
    '',
    cells(['category (where it is read)', ...SCOPE_READERS.map((r) => `\`${r.key}\``)]),
    cells(['---', ...SCOPE_READERS.map(() => '---')]),
    ...SCOPE_ROWS.map((r) => cells([r.label, ...SCOPE_READERS.map((reader) => SYMBOL[r.expected[reader.key]])])),
    '',
  ];
}
