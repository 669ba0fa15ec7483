/** Scores of one assessment by domain code. */
export interface ScoredAssessment {
  scores: ReadonlyArray<{ domainCode: string; score: number }>;
}

export interface DomainChange {
  domainCode: string;
  from: number | null;
  to: number | null;
  /** to − from; null when the domain was scored in only one of the two. */
  change: number | null;
}

export interface AssessmentComparison {
  domains: DomainChange[];
  fromTotal: number;
  toTotal: number;
  /** to total − from total (all scored domains of each). */
  totalChange: number;
  /** Sum of the changes over the domains scored in both: the like-for-like progress. */
  commonDomainsChange: number;
}

export const totalOf = (a: ScoredAssessment) => a.scores.reduce((sum, s) => sum + s.score, 0);

/**
 * Change per domain between two assessments of the same subject. Domains are listed in `domainOrder` (the
 * tenant's life-domain order); codes not in it (a domain deactivated since) follow alphabetically.
 */
export function compareAssessments(from: ScoredAssessment, to: ScoredAssessment, domainOrder: readonly string[]): AssessmentComparison {
  const fromScores = new Map(from.scores.map((s) => [s.domainCode, s.score]));
  const toScores = new Map(to.scores.map((s) => [s.domainCode, s.score]));
  const position = new Map(domainOrder.map((code, i) => [code, i]));
  const codes = [...new Set([...fromScores.keys(), ...toScores.keys()])].sort(
    (a, b) => (position.get(a) ?? Number.MAX_SAFE_INTEGER) - (position.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b),
  );
  const domains = codes.map((domainCode) => {
    const f = fromScores.get(domainCode) ?? null;
    const t = toScores.get(domainCode) ?? null;
    return { domainCode, from: f, to: t, change: f !== null && t !== null ? t - f : null };
  });
  const fromTotal = totalOf(from);
  const toTotal = totalOf(to);
  return {
    domains,
    fromTotal,
    toTotal,
    totalChange: toTotal - fromTotal,
    commonDomainsChange: domains.reduce((sum, d) => sum + (d.change ?? 0), 0),
  };
}
