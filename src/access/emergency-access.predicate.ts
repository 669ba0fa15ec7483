/**
 * The one rule for "this emergency access grant (break-the-glass) stands at moment T": not ended, granted at or
 * before T, and T before its expiry — so access stops exactly at `expires_at` without any job. Used by
 * visibility and the legal bases (access.repository.ts); the same rule in TypeScript is `grantStateAt`
 * (src/emergency-access/emergency-access.values.ts).
 *
 * A grant gives its holder (a professional, never an API client) the read level only: it makes the household
 * visible, and the case-worker and case-manager levels do not count it (access.service.ts).
 */

/** SQL condition on the grant with alias `ea`; `now` is an SQL timestamptz expression (the caller's clock). */
export function emergencyAccessStands(ea: string, now: string): string {
  return `${ea}.ended_at IS NULL AND ${ea}.granted_at <= ${now} AND ${ea}.expires_at > ${now}`;
}

/** A standing grant of professional `professional` (SQL expression) to household `household` (SQL expression). */
export function emergencyAccessOf(household: string, professional: string, now: string): string {
  return `EXISTS (SELECT 1 FROM emergency_access ea WHERE ea.household_id = ${household} AND ea.professional_id = ${professional} AND ${emergencyAccessStands('ea', now)})`;
}
