export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://eenplan.nl/problems/';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** RFC 9457 problem details; `code` and `errors` are our extensions. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const problemType = (code: string) => PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
