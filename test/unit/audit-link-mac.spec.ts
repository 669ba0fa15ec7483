import { createHmac, createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { link, linkDigest } from '../../src/audit/audit-chain.js';

/**
 * A link's MAC is HMAC-SHA-256 over the previous chain value, a newline and the event's canonical form. The chain
 * code computes it from the key's pads with two one-shot hashes (cheaper than an HMAC object per link); every seal
 * already written was made with `createHmac`, so the two must agree on every key and every input, or verification
 * would report cuts that are not there.
 */
const reference = (key: Buffer, previous: string | Buffer, canonical: string | Buffer) =>
  createHmac('sha256', key).update(previous).update('\n').update(canonical).digest();

/** Text as the sealer has it (any UTF-16, lone surrogates included) or bytes as the verifier's COPY path has them. */
const input = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 700 }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udfff', 'ë', '€', '😀', '\n', 'a'), maxLength: 50 }),
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
);
// RFC 2104: keys shorter than a block are padded, keys of a block are used as they are, longer ones are hashed first
const keyBytes = fc.uint8Array({ minLength: 1, maxLength: 150 }).map((bytes) => Buffer.from(bytes));

describe("a link's MAC", () => {
  it('is exactly createHmac(sha256) over previous, newline and canonical form, for any key and input', () => {
    fc.assert(
      fc.property(keyBytes, input, input, (raw, previous, canonical) => {
        const key = createSecretKey(raw);
        expect(linkDigest(key, previous, canonical).toString('hex')).toBe(reference(raw, previous, canonical).toString('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('stays exact over a run of links of one key, long and short in any order (the pads and buffer are reused)', () => {
    fc.assert(
      fc.property(keyBytes, fc.array(fc.tuple(input, input), { minLength: 1, maxLength: 30 }), (raw, links) => {
        const key = createSecretKey(raw);
        for (const [previous, canonical] of links) {
          expect(linkDigest(key, previous, canonical).equals(reference(raw, previous, canonical))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps each key to its own pads when keys alternate', () => {
    const first = Buffer.alloc(32, 1);
    const second = Buffer.alloc(80, 2);
    const [a, b] = [createSecretKey(first), createSecretKey(second)];
    for (let i = 0; i < 5; i++) {
      expect(link(a, 'x'.repeat(64), `event ${i}`)).toBe(reference(first, 'x'.repeat(64), `event ${i}`).toString('hex'));
      expect(link(b, 'y'.repeat(64), `event ${i}`)).toBe(reference(second, 'y'.repeat(64), `event ${i}`).toString('hex'));
    }
    expect(link(a, '', '')).not.toBe(link(b, '', ''));
  });

  it('returns a digest of its own: a later link does not change an earlier answer', () => {
    const key = createSecretKey(Buffer.alloc(32, 7));
    const first = linkDigest(key, 'a', 'one');
    const copy = Buffer.from(first);
    linkDigest(key, 'b', 'two'.repeat(500));
    expect(first.equals(copy)).toBe(true);
  });
});
