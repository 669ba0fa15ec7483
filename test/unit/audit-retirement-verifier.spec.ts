import { generateKeyPairSync } from 'node:crypto';
import { genesis, link, type CheckpointClaim, type RetirementClaim } from '../../src/audit/audit-chain.js';
import type { ChainRow, CheckpointRow, RetirementRow } from '../../src/audit/audit-chain.reader.js';
import { AuditKeyring } from '../../src/audit/audit-keys.js';
import { ChainVerifier, type ChainSource } from '../../src/audit/audit-verifier.js';
import { loadConfig } from '../../src/config/app-config.js';

/**
 * A month retired by retention (docs/PRIVACY.md, "Audit trail after purging"): its events and seals are gone, its
 * checkpoints stay, and a signed retirement record says where the chain stood. Verification accepts exactly that,
 * and nothing short of it.
 */
const TENANT = '22222222-2222-4222-8222-222222222222';
const OLD = '2025-01-01';
const NOW = '2026-12-01';

async function keyring(): Promise<AuditKeyring> {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const keys = new AuditKeyring(loadConfig({ NODE_ENV: 'test', AUDIT_SEAL_KEY: Buffer.alloc(32, 3).toString('base64'), AUDIT_CHECKPOINT_KEY: JSON.stringify({ ...jwk, kid: 't' }) }));
  await keys.load();
  return keys;
}

class Trail implements ChainSource {
  seals = new Map<string, Array<{ seq: number; batch: number; mac: string; body: string | null }>>();
  stored = new Map<string, CheckpointRow[]>();
  retired: RetirementRow[] = [];

  constructor(private readonly keys: AuditKeyring) {}

  async seal(segment: string, seqs: number[]): Promise<void> {
    const rows = this.stored.get(segment) ?? [];
    const links = this.seals.get(segment) ?? [];
    const previous = rows[rows.length - 1];
    let chain = previous?.chain ?? genesis(this.keys.sealKey, TENANT, segment, 2);
    for (const seq of seqs) {
      chain = link(this.keys.sealKey, chain, `event ${seq}`);
      links.push({ seq, batch: rows.length + 1, mac: chain, body: `event ${seq}` });
    }
    const claim: CheckpointClaim = { tenantId: TENANT, segment, number: rows.length + 1, lastSeq: Math.max(...seqs), chain, count: seqs.length, total: Number(previous?.total ?? 0) + seqs.length, sealedAt: '2026-12-02T10:00:00.000Z', form: 2 };
    rows.push({ tenant_id: TENANT, segment, number: claim.number, last_seq: String(claim.lastSeq), chain, count: claim.count, total: String(claim.total), sealed_at: new Date(claim.sealedAt), jws: await this.keys.sign(claim), form: 2 });
    this.stored.set(segment, rows);
    this.seals.set(segment, links);
  }

  /** Retires a month as the engine does: a signed record of its last checkpoint, then its events and seals removed. */
  async retire(segment: string, sign: (claim: RetirementClaim) => Promise<string> = (c) => this.keys.signRetirement(c)): Promise<RetirementRow> {
    const last = this.stored.get(segment)!.at(-1)!;
    const claim: RetirementClaim = { kind: 'retirement', tenantId: TENANT, segment, number: last.number, lastSeq: Number(last.last_seq), chain: last.chain, total: Number(last.total), retiredAt: '2026-12-03T02:15:00.000Z' };
    const row: RetirementRow = { tenant_id: TENANT, segment, last_number: claim.number, last_seq: String(claim.lastSeq), chain: claim.chain, total: String(claim.total), retired_at: new Date(claim.retiredAt), jws: await sign(claim) };
    this.retired.push(row);
    this.seals.delete(segment);
    return row;
  }

  async segments(): Promise<string[]> {
    return [...new Set([...this.stored.keys(), ...this.seals.keys()])].sort();
  }
  async checkpoints(_t: string, segment: string): Promise<CheckpointRow[]> {
    return [...(this.stored.get(segment) ?? [])];
  }
  async *chain(_t: string, segment: string): AsyncGenerator<ChainRow[]> {
    yield (this.seals.get(segment) ?? []).map((s) => ({ seq: String(s.seq), batch: s.batch, mac: s.mac, body: s.body }));
  }
  async oldestUnsealed(): Promise<number | undefined> {
    return undefined;
  }
  async retirements(): Promise<RetirementRow[]> {
    return [...this.retired];
  }
}

let keys: AuditKeyring;
beforeAll(async () => {
  keys = await keyring();
});

async function twoMonths(): Promise<Trail> {
  const trail = new Trail(keys);
  await trail.seal(OLD, [1, 2]);
  await trail.seal(OLD, [3]);
  await trail.seal(NOW, [100, 101]);
  return trail;
}

const verify = (trail: Trail, external: string[] = []) => new ChainVerifier(keys, trail, 60_000).verifyTenant(TENANT, external);

describe('verifying a trail with a retired month', () => {
  it('a month retired under our signed record verifies, and so do checkpoints held outside for it', async () => {
    const trail = await twoMonths();
    const held = trail.stored.get(OLD)!.map((c) => c.jws);
    await trail.retire(OLD);
    expect(await verify(trail, held)).toEqual({ ok: true, verified: 2, checkpoints: 3, externalCheckpoints: 2, firstBrokenSeq: null, reason: null });
  });

  it('events removed without a retirement record are still a cut', async () => {
    const trail = await twoMonths();
    trail.seals.delete(OLD);
    expect(await verify(trail)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('a retirement record not signed by us is refused', async () => {
    const trail = await twoMonths();
    const other = await keyring();
    await trail.retire(OLD, (claim) => other.signRetirement(claim));
    expect(await verify(trail)).toMatchObject({ ok: false, reason: 'retirement_forged', firstBrokenSeq: 3 });
  });

  it('a checkpoint JWS cannot pass for a retirement record', async () => {
    const trail = await twoMonths();
    const row = await trail.retire(OLD);
    row.jws = trail.stored.get(OLD)![1]!.jws;
    expect(await verify(trail)).toMatchObject({ ok: false, reason: 'retirement_forged' });
  });

  it('a retirement record whose row was edited after signing is refused', async () => {
    const trail = await twoMonths();
    const row = await trail.retire(OLD);
    row.total = '2';
    expect(await verify(trail)).toMatchObject({ ok: false, reason: 'retirement_forged' });
  });

  it('a retired month whose last checkpoint was removed no longer matches its record', async () => {
    const trail = await twoMonths();
    await trail.retire(OLD);
    trail.stored.get(OLD)!.pop();
    expect(await verify(trail)).toMatchObject({ ok: false, reason: 'retirement_mismatch', firstBrokenSeq: 2 });
  });
});
