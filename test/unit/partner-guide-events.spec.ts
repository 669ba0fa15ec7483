import { readFileSync } from 'node:fs';
import { DOMAIN_EVENT_TYPES, PARTNER_EVENT_TYPES } from '../../src/events/event-types.js';

/** The event table of the partner guide (§5) names every type a partner can receive, and nothing internal. */
describe('the partner guide documents the data of every webhook event type', () => {
  const guide = readFileSync('docs/PARTNER-GUIDE.md', 'utf8');
  const rows = guide.split('\n').filter((line) => /^\| `[a-z_]+\.[a-z_]+`/.test(line));
  const named = new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1]!)));

  it.each(PARTNER_EVENT_TYPES)('%s', (type) => {
    expect(named.has(type)).toBe(true);
  });

  it('and no internal one', () => {
    const internal = DOMAIN_EVENT_TYPES.filter((type) => !PARTNER_EVENT_TYPES.includes(type));
    expect(internal.filter((type) => named.has(type))).toEqual([]);
    expect([...named].filter((type) => !DOMAIN_EVENT_TYPES.includes(type as never))).toEqual([]);
  });
});
