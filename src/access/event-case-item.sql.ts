import type { SqlCaseItem } from './reader-scope.sql.js';

/**
 * Event types whose news is case data of a category (purpose limitation): a member (a change of their BSN alone: the
 * BSN category), goals and actions of a life domain, a contact note, scores, an escalation (its domains and members;
 * its reason and outcome are free-text case notes), another organisation's signal, the withdrawal of a consent (its
 * member and domains, if it names them). The others — lifecycle, coordination, care team, consents — concern the case
 * as a whole and reach everyone involved, as before. (Access stands below events: the names are checked against the
 * event map where they are used, in delivery/recipients/recipient-resolver.ts.)
 */
export const CATEGORISED_EVENT_TYPES = [
  'member.added',
  'member.updated',
  'member.removed',
  'plan.updated',
  'action.assigned',
  'action.completed',
  'action.overdue',
  'contact.recorded',
  'assessment.recorded',
  'escalation.opened',
  'escalation.resolved',
  'signal.received',
  'signal.matched',
  'signal.acknowledged',
  'consent.withdrawn',
] as const;

/**
 * Signal events: a signal is about some person of the household, for a reason whose category (debt, school absence,
 * …) is no life domain of the municipality's own list — so it counts as "unknown domain, the household as a whole":
 * only a reader of the whole case sees another organisation's signal. The signalling organisation and its signallers
 * still hear of their own signals (named in the event; recipient-resolver.ts).
 */
export const SIGNAL_EVENT_TYPES = ['signal.received', 'signal.matched', 'signal.acknowledged'] as const;

const CATEGORISED: ReadonlySet<string> = new Set(CATEGORISED_EVENT_TYPES);
export const isCategorisedEvent = (type: string): boolean => CATEGORISED.has(type);

/** `''` is no life domain's code: an item "of an unknown domain" that only a reader of every domain sees. */
const UNKNOWN_DOMAIN = `ARRAY['']::varchar[]`;
const textArray = (json: string) => `ARRAY(SELECT jsonb_array_elements_text(${json}))`;

/**
 * What the outbox event with alias `e` is about, read from its payload (and, for actions, the domain of the
 * action's goal; for escalations, the escalation's row — `escalationItem` in escalations.mapper.ts is the
 * TypeScript twin). Fails closed: a plan change written before its domains were recorded, or an action or
 * escalation no longer found, counts as a domain no narrowed reader covers.
 */
export function eventCaseItem(e: string): SqlCaseItem {
  const p = `${e}.payload`;
  const escalation = (column: string) => `(SELECT ex.${column} FROM escalation ex WHERE ex.id = (${p}->>'escalationId')::uuid)`;
  // a consent no longer found (purged) fails closed like the others: an unknown domain of the whole household
  const consent = (select: string) => `SELECT ${select} FROM consent ec WHERE ec.id = (${p}->>'consentId')::uuid`;
  const signal = `${e}.type IN (${SIGNAL_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;
  return {
    domains:
      `(CASE` +
      ` WHEN ${e}.type = 'plan.updated' THEN CASE WHEN jsonb_typeof(${p}->'domainCodes') = 'array' THEN ${textArray(`${p}->'domainCodes'`)}::varchar[] ELSE ${UNKNOWN_DOMAIN} END` +
      ` WHEN ${e}.type IN ('action.assigned', 'action.completed', 'action.overdue') THEN COALESCE((SELECT ARRAY[eg.domain_code]::varchar[] FROM plan_action ea JOIN plan_goal eg ON eg.id = ea.goal_id WHERE ea.id = (${p}->>'actionId')::uuid), ${UNKNOWN_DOMAIN})` +
      ` WHEN ${e}.type = 'assessment.recorded' THEN ${textArray(`${p}->'domainCodes'`)}::varchar[]` +
      ` WHEN ${e}.type IN ('escalation.opened', 'escalation.resolved') THEN COALESCE(${escalation('domain_codes')}, ${UNKNOWN_DOMAIN})` +
      ` WHEN ${signal} THEN ${UNKNOWN_DOMAIN}` +
      ` WHEN ${e}.type = 'consent.withdrawn' THEN CASE WHEN EXISTS (${consent('1')}) THEN (${consent('ec.scope_domains')}) ELSE ${UNKNOWN_DOMAIN} END` +
      ` ELSE NULL END)`,
    memberIds:
      `(CASE` +
      ` WHEN ${e}.type IN ('member.added', 'member.updated', 'member.removed') THEN ARRAY[(${p}->>'memberId')::uuid]` +
      ` WHEN ${e}.type = 'contact.recorded' THEN ${textArray(`${p}->'memberIds'`)}::uuid[]` +
      ` WHEN ${e}.type = 'assessment.recorded' THEN CASE WHEN ${p}->>'memberId' IS NULL THEN '{}'::uuid[] ELSE ARRAY[(${p}->>'memberId')::uuid] END` +
      ` WHEN ${e}.type IN ('escalation.opened', 'escalation.resolved') THEN COALESCE(${escalation('member_ids')}, '{}'::uuid[])` +
      ` WHEN ${signal} THEN '{}'::uuid[]` +
      // a consent given for one member (its purpose may name a treatment) is that member's; one for the household no
      // one's (consentItem in consents.mapper.ts is the TypeScript twin)
      ` WHEN ${e}.type = 'consent.withdrawn' THEN CASE WHEN EXISTS (${consent('1')}) THEN (${consent('CASE WHEN ec.member_id IS NULL THEN NULL ELSE ARRAY[ec.member_id] END')}) ELSE '{}'::uuid[] END` +
      ` ELSE NULL END)`,
    // a member's change that names no field changed only their BSN: news of the BSN category
    category:
      `(CASE WHEN ${e}.type IN ('contact.recorded', 'escalation.opened', 'escalation.resolved') THEN 'contact_notes'` +
      ` WHEN ${e}.type = 'member.updated' AND ${p}->'fields' = '[]'::jsonb THEN 'bsn' ELSE NULL END)::varchar`,
  };
}
