import { batchMac, claimedForm, genesis, link, sealsBatches, type ChainForm, type CheckpointClaim } from './audit-chain.js';
import { claimOfCheckpoint } from './audit-chain.reader.js';
import { sameClaim, type AuditKeyring } from './audit-keys.js';
import type { AuditSealStore, NewCheckpoint, NewSeal, UnsealedRow } from './audit-seal.store.js';

export interface SealRound {
  sealed: number;
  checkpoints: NewCheckpoint[];
  /** More may be waiting (the round hit its batch size). */
  more: boolean;
  /** Chains not extended because their head fails its signature (tenant and month), for the log. */
  refused: Array<{ tenantId: string; segment: string; number: number }>;
}

/**
 * One sealing round, inside a transaction the caller holds (and commits): takes up to `batch` unsealed events and
 * extends each (tenant, month) chain by its events in sequence order — a seal row per event and one signed
 * checkpoint per chain. Returns without work when another sealer holds the lock.
 */
export async function sealRound(
  store: AuditSealStore,
  keys: AuditKeyring,
  options: { batch: number; lookbackMs: number; now: Date; /** The form months without a chain yet start in (tests: an older sealer's). */ newMonthForm?: ChainForm },
): Promise<SealRound> {
  const idle: SealRound = { sealed: 0, checkpoints: [], more: false, refused: [] };
  if (!(await store.trySealerLock())) return idle;
  const rows = await store.unsealed(await store.highestSealedSeq(), options.lookbackMs, options.batch, options.newMonthForm);
  if (rows.length === 0) return idle;
  const { seals, checkpoints, refused } = await chain(store, keys, rows, options.now);
  await store.insertSeals(seals);
  await store.insertCheckpoints(checkpoints);
  return { sealed: seals.length, checkpoints, more: rows.length >= options.batch && seals.length > 0, refused };
}

async function chain(store: AuditSealStore, keys: AuditKeyring, rows: UnsealedRow[], sealedAt: Date) {
  const groups = new Map<string, UnsealedRow[]>();
  for (const row of rows) {
    const key = `${row.tenant_id}|${row.segment}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const heads = await store.lastCheckpoints([...groups.values()].map((g) => ({ tenantId: g[0]!.tenant_id, segment: g[0]!.segment })));
  const seals: NewSeal[] = [];
  const checkpoints: NewCheckpoint[] = [];
  const refused: SealRound['refused'] = [];
  const key = keys.sealKey;
  for (const group of groups.values()) {
    const { tenant_id: tenantId, segment } = group[0]!;
    const head = heads.find((h) => h.tenant_id === tenantId && h.segment === segment);
    // the store read the events in the form of the month's first checkpoint
    const form = group[0]!.form;
    let value = genesis(key, tenantId, segment, form);
    if (head) {
      // continue only from a head we signed, in the month's form: a forged or edited head (or first checkpoint) is
      // left for verification to report, and the other chains are sealed
      const claim = await keys.verify(head.jws);
      if (!claim || !sameClaim(claim, claimOfCheckpoint(head)) || head.form !== form) {
        refused.push({ tenantId, segment, number: head.number });
        continue;
      }
      value = head.chain;
    }
    const number = (head?.number ?? 0) + 1;
    group.sort((a, b) => Number(a.seq) - Number(b.seq));
    const start = value;
    for (const row of group) {
      value = link(key, value, row.body);
      seals.push({ seq: row.seq, recordedAt: row.recorded_at, tenantId, batch: number, mac: value });
    }
    const claim: CheckpointClaim = {
      tenantId,
      segment,
      number,
      lastSeq: Number(group[group.length - 1]!.seq),
      // form 3: the checkpoint holds the batch's MAC, from which the next batch's links continue
      chain: sealsBatches(form) ? batchMac(key, start, group.map((row) => row.body)) : value,
      count: group.length,
      total: Number(head?.total ?? 0) + group.length,
      sealedAt: sealedAt.toISOString(),
      ...claimedForm(form),
    };
    checkpoints.push({ ...claim, sealedAt, jws: await keys.sign(claim), form });
  }
  return { seals, checkpoints, refused };
}
