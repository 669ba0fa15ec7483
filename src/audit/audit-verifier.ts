import { BatchMac, CURRENT_CHAIN_FORM, genesis, linkDigest, sameMac, sealsBatches, type ChainForm } from './audit-chain.js';
import { sameClaim, type AuditKeyring } from './audit-keys.js';
import { claimOfCheckpoint } from './audit-chain.reader.js';
import type { ChainRow, CheckpointRow, RetirementRow } from './audit.repository.js';

/**
 * Why a chain does not verify:
 * - `event_altered`: the event at `seq` is not what was sealed;
 * - `event_missing`: the event at `seq` was sealed and is gone;
 * - `chain_broken`: the chain does not continue at `seq` — sealed events before it (and their seals) were removed;
 * - `checkpoint_forged`: a checkpoint's signature is not ours, or its row differs from what was signed;
 * - `checkpoint_missing`: sealed events that no checkpoint covers, or a gap in the checkpoints' numbering;
 * - `checkpoint_mismatch`: a checkpoint (stored, or held outside) disagrees with the chain or with the stored one;
 * - `truncated`: a checkpoint (stored, or held outside) covers events that are no longer there;
 * - `unsealed`: an event older than the look-back that the sealer never sealed (written past it, or its seal removed);
 * - `retirement_forged`: a month's retirement record is not signed by us, or its row differs from what was signed;
 * - `retirement_mismatch`: a retired month's checkpoints do not end where its retirement record says the chain stood.
 */
export const CUT_REASONS = [
  'event_altered', 'event_missing', 'chain_broken', 'checkpoint_forged', 'checkpoint_missing', 'checkpoint_mismatch', 'truncated', 'unsealed',
  'retirement_forged', 'retirement_mismatch',
] as const;
export type CutReason = (typeof CUT_REASONS)[number];

export interface VerificationResult {
  ok: boolean;
  /** Sealed events recomputed, up to the first cut. */
  verified: number;
  /** Stored checkpoints whose signature and chain value were confirmed. */
  checkpoints: number;
  /** Checkpoints handed in (held outside) that matched. */
  externalCheckpoints: number;
  firstBrokenSeq: number | null;
  reason: CutReason | null;
}

/** Where the verifier reads a tenant's chain (the repository, in a tenant or system transaction). */
export interface ChainSource {
  segments(tenantId: string): Promise<string[]>;
  checkpoints(tenantId: string, segment: string): Promise<CheckpointRow[]>;
  /** The segment's links in chain order (batch, then sequence), a page at a time, each event in chain form `form`. */
  chain(tenantId: string, segment: string, pageSize: number, form: ChainForm): AsyncIterable<ChainRow[]>;
  oldestUnsealed(tenantId: string, graceMs: number): Promise<number | undefined>;
  /** The tenant's retired months (none when the source knows no retention). */
  retirements?(tenantId: string): Promise<RetirementRow[]>;
}

class Cut extends Error {
  constructor(
    readonly reason: CutReason,
    readonly seq: number | null,
  ) {
    super(reason);
  }
}

const BATCH = 10_000;

/** A form 3 batch its MAC does not prove: the month is walked again, link by link, to name the cut. */
class Unproven extends Error {
  constructor() {
    super('batch not proven by its MAC');
  }
}


/**
 * Recomputes a tenant's chains (one per month) from the stored events with the seal key, checks every stored
 * checkpoint's signature and chain value, and every checkpoint handed in against the stored ones. Streams in
 * batches; stops at the first cut and names its sequence number.
 */
export class ChainVerifier {
  constructor(
    private readonly keys: AuditKeyring,
    private readonly source: ChainSource,
    private readonly graceMs: number,
  ) {}

  /**
   * `pool`: sources to verify months on at the same time (the CLI passes one per connection, all on one snapshot);
   * the months are independent chains. The answer is the same as one at a time: the first cut in month order.
   */
  async verifyTenant(tenantId: string, external: string[] = [], progress?: (links: number) => void, pool: ChainSource[] = [this.source]): Promise<VerificationResult> {
    const counts = { verified: 0, checkpoints: 0, external: 0, retired: 0 };
    const fail = (cut: Cut): VerificationResult => ({
      ok: false, verified: counts.verified, checkpoints: counts.checkpoints, externalCheckpoints: counts.external, firstBrokenSeq: cut.seq, reason: cut.reason,
    });
    const stored = new Map<string, CheckpointRow[]>();
    const retired = new Map(((await this.source.retirements?.(tenantId)) ?? []).map((r) => [r.segment, r]));
    const segments = [...new Set([...(await this.source.segments(tenantId)), ...retired.keys()])].sort();
    for (const segment of segments) stored.set(segment, await this.source.checkpoints(tenantId, segment));
    const outcomes: Array<{ verified: number; checkpoints: number; retired: number; cut?: Cut }> = [];
    let next = 0;
    await Promise.all(
      pool.map(async (source) => {
        for (let i = next++; i < segments.length; i = next++) {
          const segmentCounts = { verified: 0, checkpoints: 0, retired: 0 };
          try {
            const retirement = retired.get(segments[i]!);
            if (retirement) await this.verifyRetired(retirement, stored.get(segments[i]!)!, segmentCounts);
            else await this.verifySegment(tenantId, segments[i]!, stored.get(segments[i]!)!, segmentCounts, source, progress);
            outcomes[i] = segmentCounts;
          } catch (error) {
            if (!(error instanceof Cut)) throw error;
            outcomes[i] = { ...segmentCounts, cut: error };
          }
        }
      }),
    );
    for (const outcome of outcomes) {
      counts.verified += outcome.verified;
      counts.checkpoints += outcome.checkpoints;
      counts.retired += outcome.retired;
      if (outcome.cut) return fail(outcome.cut);
    }
    try {
      await this.checkExternal(tenantId, external, stored, counts);
      const unsealed = await this.source.oldestUnsealed(tenantId, this.graceMs);
      if (unsealed !== undefined) throw new Cut('unsealed', unsealed);
    } catch (error) {
      if (!(error instanceof Cut)) throw error;
      return fail(error);
    }
    return { ok: true, verified: counts.verified, checkpoints: counts.checkpoints, externalCheckpoints: counts.external, firstBrokenSeq: null, reason: null };
  }

  /**
   * A retired month: its events and seals are (being) removed, so the chain is not recomputed. What stays checkable:
   * the retirement record is ours and unaltered, the month's checkpoints are ours and numbered without gaps, and the
   * last of them is exactly where the record says the chain stood when it was retired — so a month cannot be passed
   * off as retired without the checkpoint key, and checkpoints held outside still match the stored ones.
   */
  private async verifyRetired(row: RetirementRow, checkpoints: CheckpointRow[], counts: { checkpoints: number; retired: number }): Promise<void> {
    const claim = await this.keys.verifyRetirement(row.jws);
    const same = claim !== undefined && claim.tenantId === row.tenant_id && claim.segment === row.segment && claim.number === row.last_number
      && claim.lastSeq === Number(row.last_seq) && claim.chain === row.chain && claim.total === Number(row.total);
    if (!same) throw new Cut('retirement_forged', Number(row.last_seq));
    for (const [i, checkpoint] of checkpoints.entries()) {
      const signed = await this.keys.verify(checkpoint.jws);
      if (!signed || !sameClaim(signed, claimOfCheckpoint(checkpoint))) throw new Cut('checkpoint_forged', Number(checkpoint.last_seq));
      if (checkpoint.number !== i + 1) throw new Cut('checkpoint_missing', i === 0 ? null : Number(checkpoints[i - 1]!.last_seq) + 1);
    }
    const last = checkpoints[checkpoints.length - 1];
    const agrees = last
      ? last.number === claim.number && Number(last.last_seq) === claim.lastSeq && last.chain === claim.chain && Number(last.total) === claim.total
      : claim.number === 0;
    if (!agrees) throw new Cut('retirement_mismatch', last ? Number(last.last_seq) : claim.lastSeq);
    counts.checkpoints += checkpoints.length;
    counts.retired++;
  }

  private async verifySegment(
    tenantId: string,
    segment: string,
    checkpoints: CheckpointRow[],
    counts: { verified: number; checkpoints: number },
    source: ChainSource,
    progress?: (links: number) => void,
  ): Promise<void> {
    for (const [i, row] of checkpoints.entries()) {
      const claim = await this.keys.verify(row.jws);
      if (!claim || !sameClaim(claim, claimOfCheckpoint(row))) throw new Cut('checkpoint_forged', Number(row.last_seq));
      if (row.number !== i + 1) throw new Cut('checkpoint_missing', i === 0 ? null : Number(checkpoints[i - 1]!.last_seq) + 1);
    }
    // the month's form is its checkpoints' (signed, so not changed unseen); a month without any was started now
    const form = checkpoints[0]?.form ?? CURRENT_CHAIN_FORM;
    const other = checkpoints.find((c) => c.form !== form);
    if (other) throw new Cut('checkpoint_mismatch', Number(other.last_seq));
    if (!sealsBatches(form)) return this.walk(tenantId, segment, form, checkpoints, counts, source, 'links', progress);
    // form 3: every batch proven by its MAC alone; a batch it does not prove sends the month through its links, which
    // name the event or gap that broke it (a second read of the month, only when there is a cut to find)
    const proven = { verified: 0, checkpoints: 0 };
    try {
      await this.walk(tenantId, segment, form, checkpoints, proven, source, 'batches', progress);
    } catch (error) {
      if (!(error instanceof Unproven)) {
        counts.verified += proven.verified;
        counts.checkpoints += proven.checkpoints;
        throw error;
      }
      return this.walk(tenantId, segment, form, checkpoints, counts, source, 'links');
    }
    counts.verified += proven.verified;
    counts.checkpoints += proven.checkpoints;
  }

  /**
   * Reads a month's chain in chain order and checks it against its checkpoints. `links`: every event's link is
   * recomputed, so a cut is named at its event — in forms 1 and 2 as the links stream, in form 3 in each batch whose
   * MAC does not hold (`locate`), the MAC being what the next batch's links continue from. `batches` (form 3): only
   * each batch's MAC, over its events — no HMAC per event — and a batch it does not prove ends the walk (`Unproven`);
   * every other cut shows at the same place as it would link by link, and is thrown as such.
   */
  private async walk(
    tenantId: string,
    segment: string,
    form: ChainForm,
    checkpoints: CheckpointRow[],
    counts: { verified: number; checkpoints: number },
    source: ChainSource,
    mode: 'links' | 'batches',
    progress?: (links: number) => void,
  ): Promise<void> {
    const key = this.keys.sealKey;
    const batches = sealsBatches(form);
    /** The chain value so far: text, or its bytes on the COPY path (see ChainRow). */
    let chain: string | Buffer = genesis(key, tenantId, segment, form);
    let batch = 0;
    let inBatch = 0;
    let total = 0;
    let lastSeq = 0;
    /** The first link that did not recompute; the chain then continues from its stored value. */
    let suspect: { seq: number } | undefined;
    /** Form 3: the open batch's MAC, from the value the batch continues from (the previous checkpoint's). */
    let batchMac: BatchMac | undefined;
    /** Form 3, link by link: the open batch's links, recomputed only if its MAC does not hold. */
    let held: ChainRow[] = [];
    /**
     * Form 3: the cut in a batch its MAC does not prove. A link that does not recompute is either its event altered
     * (or events before it removed), or only its stored link changed — which in form 3 is no cut: then the next link
     * recomputes from this one as it should have been. So a changed link cannot pass the blame for an event altered
     * elsewhere in the batch; a second cut names the first, by the batch's count.
     */
    const locate = (start: string, checkpoint: CheckpointRow | undefined) => {
      let previous: string | Buffer = start;
      for (const [i, row] of held.entries()) {
        const computed = linkDigest(key, previous, row.body!);
        const next = held[i + 1];
        if (sameMac(computed, row.mac)) previous = row.mac;
        else if (next && sameMac(linkDigest(key, computed.toString('hex'), next.body!), next.mac)) previous = computed.toString('hex');
        else {
          if (suspect) throw new Cut(checkpoint && checkpoint.count > inBatch ? 'chain_broken' : 'event_altered', suspect.seq);
          suspect = { seq: Number(row.seq) };
          previous = row.mac;
        }
        if (!suspect) counts.verified++;
      }
    };
    const closeBatch = () => {
      if (batch === 0) return;
      const checkpoint = checkpoints[batch - 1];
      if (batches) {
        const start = chain as string;
        const value = batchMac!.digest();
        batchMac = undefined;
        const proven = checkpoint?.chain === value && checkpoint.count === inBatch && Number(checkpoint.total) === total;
        if (proven) counts.verified += inBatch;
        else if (mode === 'batches') throw new Unproven();
        else locate(start, checkpoint);
        held = [];
        // the next batch's links continue from this batch's MAC
        chain = value;
      }
      if (suspect) {
        // the batch holds fewer events than its checkpoint counted: some before the bad link were removed
        throw new Cut(checkpoint && checkpoint.count > inBatch ? 'chain_broken' : 'event_altered', suspect.seq);
      }
      if (!checkpoint) throw new Cut('checkpoint_missing', lastSeq);
      if (checkpoint.count !== inBatch || Number(checkpoint.total) !== total || checkpoint.chain !== chain.toString() || Number(checkpoint.last_seq) !== lastSeq) {
        throw new Cut(checkpoint.count > inBatch || Number(checkpoint.total) > total ? 'truncated' : 'checkpoint_mismatch', Number(checkpoint.last_seq));
      }
      counts.checkpoints++;
    };
    for await (const rows of source.chain(tenantId, segment, BATCH, form)) {
      for (const row of rows) {
        const seq = Number(row.seq);
        // batches are numbered from 1: a seal outside any (0, negative — only the owner can write one) is sealed work
        // no checkpoint covers; unchecked, it would stand for a batch never opened, its events never recomputed
        if (row.batch < 1) throw new Cut('checkpoint_missing', seq);
        if (row.batch !== batch) {
          closeBatch();
          if (row.batch !== batch + 1) {
            const held = checkpoints[batch];
            throw new Cut(held ? 'truncated' : 'checkpoint_missing', held ? Number(held.last_seq) : seq);
          }
          batch = row.batch;
          inBatch = 0;
          if (batches) batchMac = new BatchMac(key, chain as string);
        }
        if (row.body === null) throw new Cut('event_missing', seq);
        batchMac?.add(row.body);
        inBatch++;
        total++;
        lastSeq = seq;
        if (batches) {
          if (mode === 'links') held.push(row);
          continue;
        }
        // a link that does not recompute: altered itself, or events before it removed — its batch's count tells;
        // the chain goes on from the stored value, so one cut is not reported as every later link
        if (!sameMac(linkDigest(key, chain, row.body), row.mac)) {
          if (suspect) throw new Cut('event_altered', suspect.seq);
          suspect = { seq };
        }
        chain = row.mac;
        if (!suspect) counts.verified++;
      }
      progress?.(rows.length);
    }
    closeBatch();
    // checkpoints beyond the last sealed link: the tail they cover is gone
    if (checkpoints.length > batch) throw new Cut('truncated', Number(checkpoints[batch]!.last_seq));
  }

  /** Checkpoints held outside: each must be ours, and match the stored checkpoint of the same number. */
  private async checkExternal(tenantId: string, external: string[], stored: Map<string, CheckpointRow[]>, counts: { external: number }): Promise<void> {
    for (const jws of external) {
      const claim = await this.keys.verify(jws);
      if (!claim) throw new Cut('checkpoint_forged', null);
      if (claim.tenantId !== tenantId) continue;
      const row = stored.get(claim.segment)?.find((c) => c.number === claim.number);
      if (!row) throw new Cut('truncated', claim.lastSeq);
      if (!sameClaim(claim, claimOfCheckpoint(row))) throw new Cut('checkpoint_mismatch', claim.lastSeq);
      counts.external++;
    }
  }
}
