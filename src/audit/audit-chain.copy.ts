import type pg from 'pg';
import { sqlLiteral } from '../database/sql-literal.js';
import type { ChainForm } from './audit-chain.js';
import { AuditChainReader, chainQuery, type ChainRow, type Queryable } from './audit-chain.reader.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEGMENT = /^\d{4}-\d{2}-01$/;
/** Bytes handed to the verifier at a time (about 400 links), and how many may wait before the socket is paused. */
const PAGE_BYTES = 256 * 1024;
const MAX_WAITING = 16;

/**
 * The chain reader of `npm run audit:verify`: each segment's chain as `COPY (…) TO STDOUT (FORMAT binary)` on a
 * pg client of its own, the same query as the cursor's (chainQuery). PostgreSQL streams the month while Node
 * recomputes it — no round trip per page — and the links reach the verifier as the bytes PostgreSQL sent: the
 * canonical text and the MAC are fed to the HMAC undecoded (a JS string per row was a third of Node's time).
 * Everything else (segments, checkpoints, retirements) is read as AuditChainReader reads it.
 */
export class CopyChainReader extends AuditChainReader {
  constructor(
    private readonly client: pg.Client,
    db: Queryable,
  ) {
    super(db);
  }

  override async *chain(tenantId: string, segment: string, _pageSize: number, form: ChainForm): AsyncGenerator<ChainRow[]> {
    // COPY takes no parameters: the two values are checked and written as literals
    if (!UUID.test(tenantId) || !SEGMENT.test(segment)) throw new Error('chain: not a tenant id and segment');
    const copy = new CopyOut(`COPY (${chainQuery(`${sqlLiteral(tenantId)}::uuid`, `${sqlLiteral(segment)}::timestamp`, form)}) TO STDOUT (FORMAT binary)`);
    void this.client.query(copy);
    const parser = new CopyBinaryRows();
    try {
      for (let page = await copy.next(); page !== undefined; page = await copy.next()) {
        const rows = parser.push(page);
        if (rows.length > 0) yield rows;
      }
      parser.end();
    } finally {
      // stopped early (a cut): the rest of the month still arrives and is dropped, so the connection stays usable
      copy.discard();
    }
  }
}

/**
 * A `COPY … TO STDOUT` run on a pg client (a Submittable: the client calls these handlers). The protocol's data
 * messages are copied into pages (their buffers belong to the client's parser and are reused); when more than
 * MAX_WAITING pages wait, the socket is paused until the reader catches up, so a month is never held in memory.
 */
export class CopyOut implements pg.Submittable {
  private connection?: pg.Connection;
  private readonly pages: Buffer[] = [];
  private page = Buffer.allocUnsafe(PAGE_BYTES);
  private used = 0;
  private finished = false;
  private dropping = false;
  private paused = false;
  private error?: Error;
  private wake?: () => void;

  constructor(private readonly text: string) {}

  submit(connection: pg.Connection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  /** The next page of bytes; undefined once the COPY has ended. Rejects with the server's error. */
  async next(): Promise<Buffer | undefined> {
    while (this.pages.length === 0 && !this.finished) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.error) throw this.error;
    const page = this.pages.shift();
    if (this.paused && this.pages.length < MAX_WAITING / 2) this.resume();
    return page;
  }

  /** Drop what is left; the COPY runs to its end (the connection then takes the next statement). */
  discard(): void {
    this.dropping = true;
    this.pages.length = 0;
    this.resume();
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.dropping) return;
    const chunk = message.chunk;
    if (this.used + chunk.length > this.page.length) {
      this.flush();
      if (chunk.length > this.page.length) this.page = Buffer.allocUnsafe(chunk.length);
    }
    chunk.copy(this.page, this.used);
    this.used += chunk.length;
  }

  handleCopyInResponse(): void {
    this.fail(new Error('COPY: unexpected copy-in'));
  }

  handleRowDescription(): void {}

  handleDataRow(): void {}

  handleCommandComplete(): void {}

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleReadyForQuery(): void {
    this.flush();
    this.finished = true;
    this.wake?.();
  }

  handleError(error: Error): void {
    this.fail(error);
  }

  private fail(error: Error): void {
    this.error ??= error;
    this.finished = true;
    this.resume();
    this.wake?.();
  }

  private flush(): void {
    if (this.used > 0 && !this.dropping) {
      this.pages.push(this.page.subarray(0, this.used));
      this.page = Buffer.allocUnsafe(PAGE_BYTES);
      if (this.pages.length >= MAX_WAITING && !this.paused) {
        this.paused = true;
        this.connection?.stream.pause();
      }
      this.wake?.();
    }
    this.used = 0;
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.connection?.stream.resume();
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * PostgreSQL's binary COPY format, for the chain query's four columns (seq int8, batch int4, mac char(64), body
 * text in chain form 1, bytea in form 2 — raw bytes either way): a header, then per row a field count and each
 * field as a length (-1: NULL) and its bytes, then -1. Rows may span pages; the fields are views into the page
 * (never reused), not copies.
 */
export class CopyBinaryRows {
  private rest: Buffer = Buffer.alloc(0);
  private header = false;
  private ended = false;

  push(page: Buffer): ChainRow[] {
    const data = this.rest.length > 0 ? Buffer.concat([this.rest, page]) : page;
    let at = 0;
    if (!this.header) {
      if (data.length < 19) {
        this.rest = data;
        return [];
      }
      if (!data.subarray(0, 11).equals(SIGNATURE)) throw new Error('COPY: not binary COPY data');
      const extension = data.readUInt32BE(15);
      if (data.length < 19 + extension) {
        this.rest = data;
        return [];
      }
      at = 19 + extension;
      this.header = true;
    }
    const rows: ChainRow[] = [];
    while (at + 2 <= data.length) {
      const fields = data.readInt16BE(at);
      if (fields === -1) {
        this.ended = true;
        at += 2;
        break;
      }
      if (this.ended || fields !== 4) throw new Error('COPY: unexpected row');
      // seq (8 bytes), batch (4), mac and body: each with its 4-byte length
      let p = at + 2;
      if (p + 24 > data.length) break;
      if (data.readInt32BE(p) !== 8) throw new Error('COPY: unexpected seq');
      const seq = data.readInt32BE(p + 4) * 0x1_0000_0000 + data.readUInt32BE(p + 8);
      p += 12;
      if (data.readInt32BE(p) !== 4) throw new Error('COPY: unexpected batch');
      const batch = data.readInt32BE(p + 4);
      p += 8;
      if (p + 4 > data.length) break;
      const macLength = data.readInt32BE(p);
      if (macLength < 0) throw new Error('COPY: unexpected mac');
      if (p + 8 + macLength > data.length) break;
      const mac = data.subarray(p + 4, p + 4 + macLength);
      p += 4 + macLength;
      const bodyLength = data.readInt32BE(p);
      p += 4;
      if (bodyLength > 0 && p + bodyLength > data.length) break;
      const body = bodyLength < 0 ? null : data.subarray(p, p + bodyLength);
      p += Math.max(bodyLength, 0);
      rows.push({ seq, batch, mac, body });
      at = p;
    }
    this.rest = data.subarray(at);
    return rows;
  }

  /** The stream ended: it must have ended with the trailer, nothing after it. */
  end(): void {
    if (!this.ended || this.rest.length > 0) throw new Error('COPY: data ended early');
  }
}
