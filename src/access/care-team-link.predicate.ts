/**
 * The one rule for "this care-team link stands at moment T" (issue 9): written once, used by visibility and
 * legal bases (access.repository.ts), case work (`isOnCareTeam`) and the recipients of a notification
 * (notifications/recipients.repository.ts).
 *
 * A link stands when it is not ended, the day lies within its period, and its basis stands: a link on the basis
 * of consent only through a recorded consent valid that day and not withdrawn (links from before consents were
 * recorded give none); a link on another legal basis through that consent record when it names one.
 */

/**
 * When the link is judged:
 * - `now`: the current rows — not ended, not withdrawn — on `today` (an SQL date expression: the caller's day);
 * - `at`: a past instant (an SQL timestamptz expression, e.g. an event's moment) — ended or withdrawn only after
 *   it — on that instant's day in the Netherlands.
 */
export type LinkMoment = { now: { today: string } } | { at: string };

/** SQL condition on the link with alias `ct` (and a consent subquery aliased `cs`). */
export function careTeamLinkStands(ct: string, moment: LinkMoment, cs = 'cs'): string {
  const day = 'now' in moment ? moment.now.today : `(${moment.at}::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date`;
  const notYet = (column: string) => ('now' in moment ? `${column} IS NULL` : `(${column} IS NULL OR ${column} >= ${moment.at})`);
  return (
    `${notYet(`${ct}.ended_at`)} AND ${ct}.starts_on <= ${day} AND (${ct}.ends_on IS NULL OR ${ct}.ends_on >= ${day})` +
    ` AND (CASE WHEN ${ct}.consent_id IS NULL THEN ${ct}.basis <> 'consent' ELSE EXISTS (SELECT 1 FROM consent ${cs} WHERE ${cs}.id = ${ct}.consent_id` +
    ` AND ${notYet(`${cs}.withdrawn_at`)} AND ${cs}.valid_from <= ${day} AND (${cs}.valid_until IS NULL OR ${cs}.valid_until >= ${day})) END)`
  );
}
