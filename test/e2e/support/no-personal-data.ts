const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SEQUENCE_NUMBER = /^\d+$/;
/** A key that names an identifier: `id`, `eventId`, `organisationIds`. */
const ID_KEY = /(^id|Ids?)$/;
const isGenerated = (value: string, key: string) =>
  UUID.test(value) || TIMESTAMP.test(value) || (ID_KEY.test(key) && SEQUENCE_NUMBER.test(value));

/**
 * Asserts that no value or key of a JSON document carries any of `secrets`. Ids and timestamps are
 * compared whole: a house number such as "100" or the postcode digits "3512" may occur inside a random
 * UUID or in a timestamp's milliseconds, which is not a leak, while an id that is itself a secret
 * (another organisation's) must not appear at all. So is a sequence number under an id key (an event's
 * `eventId` "3105" is not house number 310), still caught when it equals a secret whole.
 * Accepts the parsed document or its text (a webhook body).
 */
export function expectNoneOf(document: unknown, secrets: readonly string[]): void {
  const found: string[] = [];
  const visit = (value: unknown, path: string, key = ''): void => {
    if (typeof value === 'string') {
      const leaks = isGenerated(value, key) ? secrets.filter((s) => s.toLowerCase() === value.toLowerCase()) : secrets.filter((s) => value.includes(s));
      for (const s of leaks) found.push(`${path} carries "${s}"`);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      if (secrets.includes(String(value))) found.push(`${path} is ${String(value)}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${path}[${i}]`, key));
    } else if (value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) {
        for (const s of secrets.filter((secret) => name.includes(secret))) found.push(`${path} has key "${name}" carrying "${s}"`);
        visit(item, `${path}.${name}`, name);
      }
    }
  };
  visit(typeof document === 'string' ? (JSON.parse(document) as unknown) : document, '$');
  expect(found).toEqual([]);
}
