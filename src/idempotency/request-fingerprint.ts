import { createHash } from 'node:crypto';

/**
 * What makes two requests "the same request" for one Idempotency-Key: method, path, query and body — compared as
 * data, not as text. A client that serialises the same body with its properties in another order, or sends the same
 * query parameters in another order, sends the same request; another query is another request.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const at = url.indexOf('?');
  const path = at === -1 ? url : url.slice(0, at);
  const query = [...new URLSearchParams(at === -1 ? '' : url.slice(at + 1))].sort(([a, x], [b, y]) => compare(a, b) || compare(x, y));
  return sha256(`${method} ${path}\n${JSON.stringify(query)}\n${canonicalJson(body ?? null)}`);
}

/**
 * The fingerprint of records written before it was taken as data (method, path and the body's text): a record lives
 * 24 hours, so a retry that spans an upgrade still finds its first answer instead of a 422.
 */
export function legacyRequestFingerprint(method: string, url: string, body: unknown): string {
  return sha256(`${method} ${url.split('?')[0]}\n${JSON.stringify(body ?? null)}`);
}

/** JSON with every object's properties in code-unit order, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort(compare)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
