import { createHmac, createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { BatchMac, batchMac } from '../../src/audit/audit-chain.js';

/**
 * A form 3 checkpoint's chain value is HMAC-SHA-256 over a label, the value the batch continues from, and each event
 * as its byte length (4 bytes, big-endian) and bytes. The sealer and the verifier frame each event in one shared buffer
 * that grows with the largest; whatever the events' sizes and order — small after large, text beyond ASCII — it must
 * be exactly that HMAC, or verification would report cuts that are not there.
 */
const reference = (key: Buffer, start: string, events: Array<string | Buffer>) => {
  const hmac = createHmac('sha256', key).update('eenplan-audit-batch-v3\n').update(start);
  for (const event of events) {
    const bytes = typeof event === 'string' ? Buffer.from(event) : event;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hmac.update(length).update(bytes);
  }
  return hmac.digest('hex');
};

const event = fc.oneof(
  fc.string({ unit: fc.constantFrom('ë', '€', '😀', '\n', 'a'), maxLength: 40 }),
  fc.uint8Array({ maxLength: 700 }).map((bytes) => Buffer.from(bytes)),
  // around and beyond the framing buffer's first size (1 kB), and large
  fc.integer({ min: 1_000, max: 140_000 }).map((size) => Buffer.alloc(size, size % 251)),
);
const start = fc.stringMatching(/^[0-9a-f]{64}$/);

describe("a form 3 batch's MAC", () => {
  it('is exactly the HMAC over label, start and each event as length and bytes, for any events', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), start, fc.array(event, { maxLength: 40 }), (raw, from, events) => {
        const key = createSecretKey(Buffer.from(raw));
        expect(batchMac(key, from, events)).toBe(reference(Buffer.from(raw), from, events));
      }),
      { numRuns: 150 },
    );
  });

  it('is exact for events just below, at and just above the framing buffer\'s size, and small ones after large', () => {
    const raw = Buffer.alloc(32, 5);
    const key = createSecretKey(raw);
    const start = 'c'.repeat(64);
    for (let gap = -30; gap <= 30; gap++) {
      // events around the size of the framing buffer and of a block: it grows, and its old length stays out of the MAC
      const events = [Buffer.from('0123456789'), Buffer.alloc(1024 - 4 - gap, 1), 'ë', Buffer.alloc(4096 + gap, 2), Buffer.from('x')];
      expect({ gap, mac: batchMac(key, start, events) }).toEqual({ gap, mac: reference(raw, start, events) });
    }
  });

  it('tells apart batches whose events hold the same bytes split differently, and another start', () => {
    const key = createSecretKey(Buffer.alloc(32, 3));
    const start = 'a'.repeat(64);
    const whole = batchMac(key, start, ['event 12']);
    expect(batchMac(key, start, ['event 1', '2'])).not.toBe(whole);
    expect(batchMac(key, start, ['event 12', ''])).not.toBe(whole);
    expect(batchMac(key, 'b'.repeat(64), ['event 12'])).not.toBe(whole);
    // and it is not a link's MAC over the same bytes (a batch of one)
    expect(whole).not.toBe(createHmac('sha256', Buffer.alloc(32, 3)).update(start).update('\n').update('event 12').digest('hex'));
    const incremental = new BatchMac(key, start);
    incremental.add('event 12');
    expect(incremental.digest()).toBe(whole);
  });
});
