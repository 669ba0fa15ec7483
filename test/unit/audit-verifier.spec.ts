import { generateKeyPairSync } from 'node:crypto';
import { batchMac, claimedForm, genesis, link, sealsBatches, type ChainForm, type CheckpointClaim } from '../../src/audit/audit-chain.js';
import type { ChainRow, CheckpointRow } from '../../src/audit/audit-chain.reader.js';
import { AuditKeyring } from '../../src/audit/audit-keys.js';
import { ChainVerifier, type ChainSource } from '../../src/audit/audit-verifier.js';
import { loadConfig } from '../../src/config/app-config.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SEGMENT = '2026-12-01';

function keyring(sealFill = 7): Promise<AuditKeyring> {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const config = loadConfig({
    NODE_ENV: 'test',
    AUDIT_SEAL_KEY: Buffer.alloc(32, sealFill).toString('base64'),
    AUDIT_CHECKPOINT_KEY: JSON.stringify({ ...jwk, kid: 'test' }),
  });
  const keys = new AuditKeyring(config);
  return keys.load().then(() => keys);
}

/** How the chain reaches the verifier: text (the API's cursor) or the bytes PostgreSQL sent (the CLI's COPY). */
let rowsAs: 'text' | 'bytes' = 'text';
/** The form the trail's month is chained in (the verifier must ask for its events in that form). */
let chainForm: ChainForm = 1;

/** A tenant's trail as the database would hold it: events, seals and checkpoints, sealed in batches like the sealer does. */
class Trail implements ChainSource {
  events = new Map<number, string>();
  seals: Array<{ seq: number; batch: number; mac: string }> = [];
  stored: CheckpointRow[] = [];
  unsealed: number[] = [];
  /** How often the chain was read. */
  reads = 0;

  constructor(private readonly keys: AuditKeyring) {}

  /** Seals these events (sequence numbers) as one batch with its signed checkpoint. */
  async seal(seqs: number[], body = (seq: number) => `event ${seq}`): Promise<CheckpointRow> {
    const previous = this.stored[this.stored.length - 1];
    const start = previous?.chain ?? genesis(this.keys.sealKey, TENANT, SEGMENT, chainForm);
    let chain = start;
    const batch = this.stored.length + 1;
    for (const seq of seqs) {
      this.events.set(seq, body(seq));
      chain = link(this.keys.sealKey, chain, body(seq));
      this.seals.push({ seq, batch, mac: chain });
    }
    // form 3: the checkpoint holds one MAC over the batch's events
    if (sealsBatches(chainForm)) chain = batchMac(this.keys.sealKey, start, seqs.map(body));
    const claim: CheckpointClaim = {
      tenantId: TENANT, segment: SEGMENT, number: batch, lastSeq: Math.max(...seqs), chain, count: seqs.length,
      total: Number(previous?.total ?? 0) + seqs.length, sealedAt: '2026-12-02T10:00:00.000Z', ...claimedForm(chainForm),
    };
    const row: CheckpointRow = {
      tenant_id: TENANT, segment: SEGMENT, number: batch, last_seq: String(claim.lastSeq), chain, count: claim.count, total: String(claim.total),
      sealed_at: new Date(claim.sealedAt), jws: await this.keys.sign(claim), form: chainForm,
    };
    this.stored.push(row);
    return row;
  }

  async segments(): Promise<string[]> {
    return this.stored.length > 0 || this.seals.length > 0 ? [SEGMENT] : [];
  }

  async checkpoints(): Promise<CheckpointRow[]> {
    return [...this.stored];
  }

  async *chain(_tenant: string, _segment: string, pageSize: number, form: ChainForm): AsyncGenerator<ChainRow[]> {
    // a month without checkpoints is read in the current form
    if (form !== chainForm && this.stored.length > 0) throw new Error(`events asked for in form ${form}, chained in form ${chainForm}`);
    this.reads++;
    const links = [...this.seals]
      .sort((a, b) => a.batch - b.batch || a.seq - b.seq)
      .map((s): ChainRow => {
        const body = this.events.get(s.seq) ?? null;
        return rowsAs === 'text'
          ? { seq: String(s.seq), batch: s.batch, mac: s.mac, body }
          : { seq: s.seq, batch: s.batch, mac: Buffer.from(s.mac), body: body === null ? null : Buffer.from(body) };
      });
    for (let i = 0; i < links.length; i += pageSize) yield links.slice(i, i + pageSize);
  }

  async oldestUnsealed(): Promise<number | undefined> {
    return this.unsealed.length > 0 ? Math.min(...this.unsealed) : undefined;
  }

  remove(seq: number): void {
    this.events.delete(seq);
    this.seals = this.seals.filter((s) => s.seq !== seq);
  }
}

async function sealedTrail(keys: AuditKeyring): Promise<Trail> {
  const trail = new Trail(keys);
  await trail.seal([1, 2, 5]);
  await trail.seal([3, 7, 8]); // 3 committed late: sealed in the next batch
  await trail.seal([9, 10]);
  return trail;
}

const verify = (keys: AuditKeyring, trail: Trail, external: string[] = []) => new ChainVerifier(keys, trail, 120_000).verifyTenant(TENANT, external);

describe.each([
  ['text', 1],
  ['bytes', 1],
  ['text', 2],
  ['bytes', 2],
  ['text', 3],
  ['bytes', 3],
] as const)('audit chain verification (links as %s, chain form %d): every kind of cut is found and named', (as, form) => {
  let keys: AuditKeyring;
  beforeAll(async () => {
    keys = await keyring();
    rowsAs = as;
    chainForm = form;
  });

  it('an untouched trail verifies, with every checkpoint confirmed', async () => {
    const trail = await sealedTrail(keys);
    expect(await verify(keys, trail)).toEqual({ ok: true, verified: 8, checkpoints: 3, externalCheckpoints: 0, firstBrokenSeq: null, reason: null });
  });

  it('reads a sound month once and, in form 3, a month with a cut once more, to name the cut link by link', async () => {
    const trail = await sealedTrail(keys);
    expect(await verify(keys, trail)).toMatchObject({ ok: true, verified: 8, checkpoints: 3 });
    expect(trail.reads).toBe(1);
    trail.reads = 0;
    trail.events.set(8, 'event 8, edited');
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'event_altered' });
    expect(trail.reads).toBe(sealsBatches(form) ? 2 : 1);
    // a cut other than a batch its MAC does not prove is named in the one read, at the same event as link by link
    const missing = await sealedTrail(keys);
    missing.events.delete(5);
    expect(await verify(keys, missing)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'event_missing', verified: sealsBatches(form) ? 0 : 2 });
    expect(missing.reads).toBe(1);
  });

  it('events with text beyond ASCII and JSON escapes verify; changing one character of one is found', async () => {
    const trail = new Trail(keys);
    const body = (seq: number) => `["Gemeente Zoë", "€ ${seq}", "😀", "line\\nbreak \\"quoted\\" \\\\ \\u0001", "ÿ"]`;
    await trail.seal([1, 2, 3], body);
    await trail.seal([4, 5], body);
    expect(await verify(keys, trail)).toMatchObject({ ok: true, verified: 5, checkpoints: 2 });
    trail.events.set(4, body(4).replace('Zoë', 'Zoe'));
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'event_altered' });
  });

  it('an edited event', async () => {
    const trail = await sealedTrail(keys);
    trail.events.set(7, 'event 7, edited');
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'event_altered' });
  });

  it('a deleted event whose seal stayed', async () => {
    const trail = await sealedTrail(keys);
    trail.events.delete(5);
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'event_missing' });
  });

  it('a deleted event with its seal: the chain breaks at the next one', async () => {
    const trail = await sealedTrail(keys);
    trail.remove(7);
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'chain_broken' });
  });

  it("a seal's link changed and another event of its batch altered: form 3 names the altered event, not the link", async () => {
    const trail = await sealedTrail(keys);
    trail.seals = trail.seals.map((s) => (s.seq === 3 ? { ...s, mac: '0'.repeat(64) } : s));
    trail.events.set(8, 'event 8, edited');
    // forms 1 and 2: the changed link is itself the first cut; form 3: a changed link alone is none (the next link
    // recomputes from it as it should have been), so it cannot take the blame for event 8
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: sealsBatches(form) ? 8 : 3, reason: 'event_altered' });
  });

  it('an event removed with its seal and another of its batch altered', async () => {
    const trail = await sealedTrail(keys);
    trail.remove(3);
    trail.events.set(8, 'event 8, edited');
    // form 3 locates in a whole batch and knows its count: the gap is named as such; forms 1 and 2 stop at the
    // second bad link, before the count
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: sealsBatches(form) ? 'chain_broken' : 'event_altered' });
  });

  it('a seal outside any batch (0 or below): sealed work no checkpoint covers, even where its link is not checked', async () => {
    const trail = await sealedTrail(keys);
    trail.seals = trail.seals.map((s) => (s.seq === 7 ? { ...s, batch: 0 } : s));
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'checkpoint_missing' });
    const below = await sealedTrail(keys);
    below.seals = below.seals.map((s) => (s.seq === 1 ? { ...s, batch: -1 } : s));
    expect(await verify(keys, below)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'checkpoint_missing' });
  });

  it('a month rewritten as the owner: its checkpoints removed, its seals put in batch 0, events edited and removed', async () => {
    const trail = await sealedTrail(keys);
    trail.stored = [];
    trail.seals = trail.seals.map((s) => ({ ...s, batch: 0 }));
    trail.events.set(2, 'event 2, made up');
    trail.remove(9);
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'checkpoint_missing' });
  });

  it('a truncated tail (events, seals and the last checkpoint removed) against a checkpoint held outside', async () => {
    const trail = await sealedTrail(keys);
    const held = trail.stored[2]!.jws;
    trail.remove(9);
    trail.remove(10);
    trail.stored.pop();
    // without the outside copy the shortened trail is consistent in itself …
    expect(await verify(keys, trail)).toMatchObject({ ok: true });
    // … the checkpoint held outside shows the cut
    expect(await verify(keys, trail, [held])).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: 'truncated' });
  });

  it('a truncated tail whose checkpoint stayed', async () => {
    const trail = await sealedTrail(keys);
    trail.remove(9);
    trail.remove(10);
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: 'truncated' });
  });

  it('a forged checkpoint: signed with another key, or its row edited', async () => {
    const trail = await sealedTrail(keys);
    const otherKeys = await keyring(7);
    const other = new Trail(otherKeys);
    await other.seal([1, 2, 5]);
    trail.stored[0] = { ...trail.stored[0]!, jws: other.stored[0]!.jws };
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'checkpoint_forged' });

    const edited = await sealedTrail(keys);
    edited.stored[1] = { ...edited.stored[1]!, count: 2 };
    expect(await verify(keys, edited)).toMatchObject({ ok: false, reason: 'checkpoint_forged' });
    expect(await verify(keys, await sealedTrail(keys), ['eyJhbGciOiJFUzI1NiJ9.e30.AAAA'])).toMatchObject({ ok: false, reason: 'checkpoint_forged' });
  });

  it("a checkpoint whose form was changed: the signed form differs from the row's", async () => {
    const trail = await sealedTrail(keys);
    trail.stored = trail.stored.map((row) => ({ ...row, form: form === 1 ? 2 : 1 }));
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'checkpoint_forged' });
  });

  it('a month whose checkpoints disagree on its form (a signed checkpoint of another form put in)', async () => {
    const trail = await sealedTrail(keys);
    const other = new Trail(keys);
    chainForm = form === 1 ? 2 : 1;
    try {
      await other.seal([1, 2, 5]);
      await other.seal([3, 7, 8]);
    } finally {
      chainForm = form;
    }
    trail.stored[1] = other.stored[1]!;
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'checkpoint_mismatch' });
  });

  it('a missing checkpoint (the head removed, its seals kept) and a gap in the numbering', async () => {
    const trail = await sealedTrail(keys);
    trail.stored.pop();
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 10, reason: 'checkpoint_missing' });
    const gap = await sealedTrail(keys);
    gap.stored.splice(1, 1);
    expect(await verify(keys, gap)).toMatchObject({ ok: false, reason: 'checkpoint_missing' });
  });

  it('a whole trail rebuilt by someone without the seal key', async () => {
    const forger = await keyring(8);
    const trail = await sealedTrail(keys);
    const rebuilt = new Trail(forger);
    await rebuilt.seal([1, 2, 5], (seq) => (seq === 2 ? 'event 2, rewritten' : `event ${seq}`));
    // the forger may copy the real signed checkpoints, but the chain values they compute do not match them
    rebuilt.stored = rebuilt.stored.map((row, i) => ({ ...row, jws: trail.stored[i]!.jws, chain: trail.stored[i]!.chain }));
    expect(await verify(keys, rebuilt)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'event_altered' });
  });

  it("a seal's link changed while its event stayed as sealed", async () => {
    const trail = await sealedTrail(keys);
    trail.seals = trail.seals.map((s) => (s.seq === 7 ? { ...s, mac: 'f'.repeat(64) } : s));
    // forms 1 and 2 prove each event by its link; form 3 proves a batch's events by the checkpoint's MAC over them,
    // and reads the links only to name the event that broke a batch — events as sealed verify whatever the links say
    if (sealsBatches(form)) expect(await verify(keys, trail)).toMatchObject({ ok: true, verified: 8 });
    else expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'event_altered' });
  });

  it('a checkpoint held outside that disagrees with the stored one of its number (history rewritten and re-signed elsewhere)', async () => {
    const trail = await sealedTrail(keys);
    const held = trail.stored[1]!.jws;
    const rewritten = new Trail(keys);
    await rewritten.seal([1, 2, 5]);
    await rewritten.seal([3, 7]);
    expect(await verify(keys, rewritten, [held])).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'checkpoint_mismatch' });
  });

  it('an event never sealed (written past the sealer, or its seal removed) once older than the look-back', async () => {
    const trail = await sealedTrail(keys);
    trail.unsealed.push(11);
    expect(await verify(keys, trail)).toMatchObject({ ok: false, firstBrokenSeq: 11, reason: 'unsealed' });
  });
});
