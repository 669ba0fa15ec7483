/**
 * A partner system's first hour with the Eenplan API, typed from the OpenAPI document.
 *
 *   npx openapi-typescript https://eenplan.example.nl/api/v1/openapi.json -o eenplan-api.d.ts
 *   npm install openapi-fetch
 *
 * CI generates `eenplan-api.d.ts` from the served document and type-checks this file against it
 * (test/e2e/partner-client.e2e-spec.ts), so the example cannot drift from the API.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { components, paths } from './eenplan-api.js';

type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type TimelineEntry = Schemas['TimelineEntry'];

/** 1. A short-lived access token (OAuth2 client credentials; form-encoded, client id and secret as HTTP Basic). */
export async function fetchToken(origin: string, clientId: string, clientSecret: string, scope: string): Promise<{ token: string; expiresAt: number }> {
  const res = await fetch(`${origin}/api/v1/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${((await res.json()) as Problem).code}`);
  const body = (await res.json()) as Schemas['TokenResponseDto'];
  return { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

/** 2. A typed client: paths, parameters, bodies and answers all come from the document. */
export function eenplanClient(origin: string, token: string) {
  return createClient<paths>({ baseUrl: `${origin}/api/v1`, headers: { Authorization: `Bearer ${token}` } });
}
export type EenplanClient = ReturnType<typeof eenplanClient>;

/** Errors are application/problem+json: branch on the stable `code`, show `detail` to people. */
export function explain(problem: Problem | undefined, status?: number): string {
  // a few refusals have no body (431: headers too large, refused by the HTTP server itself)
  if (!problem) return `${status ?? 'no'} answer without a problem body`;
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  return [`${problem.status} ${problem.code}`, ...fields].join('\n');
}

/** 3. First calls: the households your organisation works with, page by page (cursor pagination). */
export async function allHouseholds(api: EenplanClient): Promise<Array<Schemas['HouseholdDto']>> {
  const households: Array<Schemas['HouseholdDto']> = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await api.GET('/households', { params: { query: { limit: 100, cursor } } });
    if (!data) throw new Error(explain(error, response.status));
    households.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return households;
}

/** 4. Report progress on an action your organisation owns: read the plan's ETag, send it as If-Match. */
export async function markActionDone(api: EenplanClient, householdId: string, actionId: string): Promise<Schemas['ActionDto']> {
  const plan = await api.GET('/households/{householdId}/plan', { params: { path: { householdId } } });
  if (!plan.data) throw new Error(explain(plan.error, plan.response.status));
  const etag = plan.response.headers.get('ETag') ?? '';
  const { data, error, response } = await api.PATCH('/households/{householdId}/plan/actions/{actionId}', {
    params: { path: { householdId, actionId }, header: { 'If-Match': etag } },
    body: { status: 'done' },
  });
  // 412: someone changed the plan since you read it — read it again and decide again
  if (!data) throw new Error(response.status === 412 ? 'the plan changed; read it again' : explain(error, response.status));
  return data;
}

/** 5. Register a signal safely: the same Idempotency-Key on a retry never registers it twice. */
export async function registerSignal(api: EenplanClient, signal: Schemas['CreateSignalDto'], key: string = randomUUID()): Promise<Schemas['SignalDto']> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { data, error, response } = await api.POST('/signals', { params: { header: { 'Idempotency-Key': key } }, body: signal });
      if (data) return data; // a retry of a request that did succeed answers `Idempotent-Replayed: true` with the first answer
      if (response.status === 409 && attempt < 5) continue; // the first request with this key is still running
      throw new Error(explain(error, response.status));
    } catch (error) {
      if (attempt >= 5 || !(error instanceof TypeError)) throw error; // TypeError: the network failed; retry with the same key
    }
  }
}

/**
 * The household's history: a union discriminated by `type`, so each entry's `data` is typed. For a system your
 * professionals sign in to with their own login: an API client gets 403 NOT_AVAILABLE_TO_CLIENTS on the timeline.
 */
export function describe(entry: TimelineEntry): string {
  switch (entry.type) {
    case 'contact.recorded':
      return `contact (${entry.data.kind ?? 'unknown'}) with ${entry.data.members.map((m) => m.name).join(', ')}`;
    case 'plan.created':
    case 'plan.updated':
      return `plan revision ${entry.data.revision ?? '?'}`;
    case 'escalation.opened':
    case 'escalation.resolved':
      return `escalation ${entry.data.resolved ? 'resolved' : 'open'}`;
    default:
      return entry.type;
  }
}

/** 6. Webhooks: check the Standard Webhooks signature before you trust a delivery. */
export function verifyWebhook(secret: string, headers: Record<string, string | undefined>, rawBody: string, now = Date.now()): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 5 * 60) return false; // refuse replays of old deliveries
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  // during a secret rotation a delivery carries two signatures: either may match
  return signatures.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
