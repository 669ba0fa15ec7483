import { createHmac, hash, type Hmac, type KeyObject } from 'node:crypto';

/**
 * How a chain serialises its events: the form a month's chain was started in, kept on its checkpoints (signed) and
 * bound into its genesis value. Every form is computed by PostgreSQL from the stored row with built-in functions
 * only (the expressions live here, in the application, not in a database function the owner could replace); sealer
 * and verifier read them with the same expression, so they serialise a row identically by construction.
 * - 1: every column in a fixed order as a JSON array's text, times as whole microseconds since the epoch. Months
 *   started before form 2 keep it to their end.
 * - 2: the same columns, in the same order, as PostgreSQL's binary form of a record (`record_send`: per column its
 *   type's OID, its length — −1 for null — and its binary value), every column cast to a built-in type so the bytes
 *   do not depend on column lengths or a database's own type OIDs. Needs no text formatting of times, uuids or
 *   arrays: a third of form 1's cost per row (docs/benchmarks.md, "Chain form 2").
 * - 3: form 2's bytes and links, in batches: a batch's links start from the previous checkpoint's value, and its
 *   checkpoint holds one MAC over all of the batch's events (`BatchMac`) instead of its last link, so verification
 *   computes one HMAC per batch — hashing the events in bulk — instead of one per event; the links are still sealed
 *   and are recomputed only in a batch whose MAC does not hold, to name the event that broke it (docs/SECURITY.md,
 *   "Chain forms"; docs/benchmarks.md, "Chain form 3").
 */
export type ChainForm = 1 | 2 | 3;
export const CHAIN_FORMS: readonly ChainForm[] = [1, 2, 3];
/** The form new months are chained in. */
export const CURRENT_CHAIN_FORM: ChainForm = 3;

/** Whether a form's checkpoints hold a MAC over their batch's events (form 3 on) rather than its last link. */
export const sealsBatches = (form: ChainForm): boolean => form >= 3;

/** The event's columns in chain order, for form 2 with the built-in type each is cast to. */
const EVENT_COLUMNS: ReadonlyArray<readonly [column: string, form2Type: string]> = [
  ['tenant_id', 'uuid'], ['seq', 'bigint'], ['recorded_at', 'timestamptz'], ['occurred_at', 'timestamptz'],
  ['action', 'text'], ['outcome', 'text'], ['actor_kind', 'text'], ['professional_id', 'uuid'], ['api_client_id', 'uuid'],
  ['organisation_id', 'uuid'], ['roles', 'text[]'], ['on_behalf_of_organisation_id', 'uuid'], ['resource_type', 'text'],
  ['resource_id', 'uuid'], ['household_id', 'uuid'], ['member_ids', 'uuid[]'], ['purpose', 'text'], ['legal_basis', 'text'],
  ['consent_id', 'uuid'], ['route', 'text'], ['http_status', 'smallint'], ['request_id', 'text'], ['source_address', 'text'],
  ['caller_request_id', 'text'],
];

/** Every column of `audit_event` a chain covers (a test holds this to the table's columns). */
export const CHAINED_EVENT_COLUMNS = EVENT_COLUMNS.map(([column]) => column);

const FORM_1_SQL = `json_build_array(e.tenant_id, e.seq::text,
  (extract(epoch FROM e.recorded_at) * 1000000)::bigint::text, (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text,
  e.action, e.outcome, e.actor_kind, e.professional_id, e.api_client_id, e.organisation_id, e.roles, e.on_behalf_of_organisation_id,
  e.resource_type, e.resource_id, e.household_id, e.member_ids, e.purpose, e.legal_basis, e.consent_id, e.route, e.http_status,
  e.request_id, e.source_address, e.caller_request_id)::text`;

const FORM_2_SQL = `record_send(ROW(${EVENT_COLUMNS.map(([column, type]) => `e.${column}::${type}`).join(', ')}))`;

/**
 * The SQL expression for the canonical form of the event row `e`: form 1 as text, form 2 as bytea. `bytes`: form 1
 * as its UTF-8 bytes too (the same bytes the HMAC gets from its text), where one column must hold either form.
 */
export function canonicalEventSql(form: ChainForm, bytes = false): string {
  if (form >= 2) return FORM_2_SQL;
  return bytes ? `convert_to(${FORM_1_SQL}, 'UTF8')` : FORM_1_SQL;
}

/** The chain segment (month of `recorded_at`, UTC) a row belongs to, as `YYYY-MM-01`: one chain per tenant and month. */
export const SEGMENT_SQL = (alias: string) => `to_char(${alias}.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-01')`;

/**
 * The chain value before a segment's first event. Keyed, and bound to tenant, month and (from form 2) form, so a
 * segment cannot be passed off as another tenant's or month's, or read in another form.
 */
export function genesis(key: KeyObject, tenantId: string, segment: string, form: ChainForm): string {
  const label = form === 1 ? 'eenplan-audit-genesis' : `eenplan-audit-genesis-v${form}`;
  return createHmac('sha256', key).update(`${label}\n${tenantId}\n${segment}`).digest('hex');
}

/**
 * The chain value after an event: HMAC-SHA-256 over the previous value and the event's canonical form. The key is a
 * KeyObject: imported once, an HMAC costs a fifth of one keyed from a Buffer each time (measured: 3.4 vs 16.8 µs).
 */
export function link(key: KeyObject, previous: string, canonical: string | Buffer): string {
  return linkDigest(key, previous, canonical).toString('hex');
}

/**
 * A form 3 batch's chain value, as its checkpoint holds it: HMAC-SHA-256 over a label, the chain value the batch
 * continues from (the previous checkpoint's, or the genesis value), and each of its events in chain order as its
 * length (4 bytes) and canonical bytes. One HMAC for the whole batch, fed event by event: ~0.3 µs an event against
 * ~2.5 µs for a link of its own (docs/benchmarks.md, "Chain form 3"). The label keeps it apart from a link's MAC.
 */
export class BatchMac {
  private readonly hmac: Hmac;

  constructor(key: KeyObject, start: string) {
    this.hmac = createHmac('sha256', key).update(BATCH_LABEL).update(start);
  }

  add(canonical: string | Buffer): void {
    const length = Buffer.byteLength(canonical);
    if (4 + length > framed.length) framed = Buffer.allocUnsafe(Math.max(4 + length, framed.length * 2));
    // length and bytes framed in one buffer: one call into the hash per event (synchronous, so the buffer is free again)
    framed.writeUInt32BE(length, 0);
    put(framed, canonical, 4);
    this.hmac.update(framed.subarray(0, 4 + length));
  }

  /** The batch's chain value (hex); the object is spent. */
  digest(): string {
    return this.hmac.digest('hex');
  }
}

const BATCH_LABEL = 'eenplan-audit-batch-v3\n';
/** One framing buffer for every batch MAC (each `add` uses it and is done with it before returning). */
let framed = Buffer.allocUnsafe(1024);

/** A form 3 batch's chain value over these events (see BatchMac). */
export function batchMac(key: KeyObject, start: string, canonicals: ReadonlyArray<string | Buffer>): string {
  const mac = new BatchMac(key, start);
  for (const canonical of canonicals) mac.add(canonical);
  return mac.digest();
}

/**
 * The same HMAC as `link`, as its 32 raw bytes, over text or the text's UTF-8 bytes as they came from PostgreSQL
 * (the verifier's COPY path feeds the bytes without decoding them into strings: the same bytes, the same MAC).
 */
export function linkDigest(key: KeyObject, previous: string | Buffer, canonical: string | Buffer): Buffer {
  let mac = linkMacs.get(key);
  if (!mac) linkMacs.set(key, (mac = new LinkMac(key)));
  return mac.digest(previous, canonical);
}

const SHA256_BLOCK = 64;
const SHA256_DIGEST = 32;
const NEWLINE = 0x0a;

/** Each seal key's pads, derived on its first link. */
const linkMacs = new WeakMap<KeyObject, LinkMac>();

/**
 * HMAC-SHA-256 (RFC 2104) of a link as two one-shot SHA-256 hashes over the key's pads — SHA-256(key ⊕ opad ‖
 * SHA-256(key ⊕ ipad ‖ previous ‖ "\n" ‖ canonical)) — the same MAC as `createHmac('sha256', key)` over the same bytes
 * (test/unit/audit-link-mac.spec.ts holds them equal for any input), without setting up an HMAC object per link:
 * that set-up (the `Hmac` constructor) was the largest single cost of `audit:verify`, 27 % of its node time; the
 * verifier then took 70 s for 10 M events instead of 80 (docs/benchmarks.md, stop 29, with the loop measurements
 * that differ by machine). The pads are derived once per key. One
 * buffer is reused for every link: `digest` is synchronous, so no other link can come between its writes and hash.
 */
class LinkMac {
  /** The inner pad, then the link's message. */
  private inner = Buffer.allocUnsafe(1024);
  /** The outer pad, then the inner hash. */
  private readonly outer = Buffer.allocUnsafe(SHA256_BLOCK + SHA256_DIGEST);

  constructor(key: KeyObject) {
    const exported = key.export();
    // a key longer than a block is hashed first (RFC 2104 §2); a shorter one is padded with zeros
    const raw = exported.length > SHA256_BLOCK ? hash('sha256', exported, 'buffer') : exported;
    for (let i = 0; i < SHA256_BLOCK; i++) {
      const byte = raw[i] ?? 0;
      this.inner[i] = byte ^ 0x36;
      this.outer[i] = byte ^ 0x5c;
    }
    exported.fill(0);
    raw.fill(0);
  }

  digest(previous: string | Buffer, canonical: string | Buffer): Buffer {
    const length = SHA256_BLOCK + Buffer.byteLength(previous) + 1 + Buffer.byteLength(canonical);
    if (length > this.inner.length) {
      const larger = Buffer.allocUnsafe(Math.max(length, this.inner.length * 2));
      this.inner.copy(larger, 0, 0, SHA256_BLOCK);
      this.inner = larger;
    }
    let at = SHA256_BLOCK + put(this.inner, previous, SHA256_BLOCK);
    this.inner[at++] = NEWLINE;
    at += put(this.inner, canonical, at);
    hash('sha256', this.inner.subarray(0, at), 'buffer').copy(this.outer, SHA256_BLOCK);
    return hash('sha256', this.outer, 'buffer');
  }
}

/** Writes text (as UTF-8, as `Hmac.update` takes it) or bytes into `target` at `at`; how many bytes it wrote. */
const put = (target: Buffer, value: string | Buffer, at: number): number => (typeof value === 'string' ? target.write(value, at, 'utf8') : value.copy(target, at));

const HEX = Buffer.from('0123456789abcdef');

/**
 * Whether a stored chain value (`char(64)`: as text, or its bytes) is exactly `digest` in lowercase hex, as `link`
 * writes it — the same test as `link(…) === stored`, without building the hex string for the byte form.
 */
export function sameMac(digest: Buffer, stored: string | Buffer): boolean {
  if (typeof stored === 'string') return digest.toString('hex') === stored;
  if (stored.length !== digest.length * 2) return false;
  for (let i = 0; i < digest.length; i++) {
    const byte = digest[i]!;
    if (stored[2 * i] !== HEX[byte >> 4] || stored[2 * i + 1] !== HEX[byte & 15]) return false;
  }
  return true;
}

/** What a signed checkpoint says: after `count` more events (`total` in the segment) the chain stood at `chain`. */
export interface CheckpointClaim {
  tenantId: string;
  /** The month the chain covers, `YYYY-MM-01` (UTC). */
  segment: string;
  /** 1, 2, 3 … per tenant and segment, without gaps. */
  number: number;
  /** The highest sequence number sealed in this batch. */
  lastSeq: number;
  chain: string;
  count: number;
  total: number;
  sealedAt: string;
  /** The chain form (absent: 1, as in checkpoints signed before form 2). */
  form?: ChainForm;
}

/** The form as a claim carries it: left out for form 1, whose checkpoints were signed before forms existed. */
export const claimedForm = (form: ChainForm): Pick<CheckpointClaim, 'form'> => (form === 1 ? {} : { form });

/**
 * What a retirement record says: the tenant's chain of `segment` was retired (its events and seals may be removed)
 * when it stood at its checkpoint `number` (0: none) — `lastSeq`, `chain`, `total` as that checkpoint claims. Signed
 * with the checkpoint key, so only Eenplan can retire a month; verification then checks the month's checkpoints
 * against this record instead of recomputing the removed events (docs/PRIVACY.md, "Audit trail after purging").
 */
export interface RetirementClaim {
  kind: 'retirement';
  tenantId: string;
  segment: string;
  number: number;
  lastSeq: number;
  chain: string | null;
  total: number;
  retiredAt: string;
}
