import type { Response } from 'supertest';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: Array<{ field: string; messages: string[] }>;
  /** On a 412: the resource's version now. */
  currentVersion?: number;
}

/**
 * Problem texts are Dutch unless the caller prefers English: `.set(ENGLISH)` on a request whose English title,
 * detail or message a test compares.
 */
export const ENGLISH = { 'Accept-Language': 'en' } as const;

/** Asserts an RFC 9457 problem+json answer with this status (and code, when given) and returns its body. */
export function expectProblem(res: Response, status: number, code?: string): Problem {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Problem;
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: code ?? expect.any(String),
    }),
  );
  return body;
}

/** The field names of a validation problem. */
export const problemFields = (problem: Problem) => (problem.errors ?? []).map((e) => e.field);
