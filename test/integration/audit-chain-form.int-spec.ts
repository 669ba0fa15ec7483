import { DataSource } from 'typeorm';
import { canonicalEventSql, CHAIN_FORMS, CHAINED_EVENT_COLUMNS, type ChainForm } from '../../src/audit/audit-chain.js';

/**
 * The chain forms against PostgreSQL itself: every column of `audit_event` is in each form, a change of any one column
 * changes the event's canonical bytes, and form 2 does not depend on the database's own type OIDs or column lengths.
 * A column added to the table without being added to the forms would be written unsealed: this fails first.
 */
let ds: DataSource;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by test/setup/global-setup.ts: run the tests through Jest');
  ds = await new DataSource({ type: 'postgres', url, entities: [], extra: { max: 1 } }).initialize();
  // a table shaped like audit_event, without its triggers and constraints, holding one event with every column set
  await ds.query(`CREATE TEMP TABLE chain_form_event (LIKE audit_event)`);
  await ds.query(`INSERT INTO chain_form_event VALUES (41, '2026-12-04 10:00:00.123456+00', '11111111-1111-4111-8111-111111111111',
    '2026-12-04 09:59:59.5+00', 'read', 'success', 'client', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333',
    '44444444-4444-4444-8444-444444444444', '{coordinator,api_client}', '55555555-5555-4555-8555-555555555555', 'household',
    '66666666-6666-4666-8666-666666666666', '77777777-7777-4777-8777-777777777777', '{88888888-8888-4888-8888-888888888888}',
    'case_coordination', 'coordinator', '99999999-9999-4999-8999-999999999999', 'GET /households/{id}', 200, 'req-1', '10.0.0.1', 'caller-1')`);
});

afterAll(async () => {
  await ds?.destroy();
});

const canonical = async (form: ChainForm, where = 'true'): Promise<Buffer> => {
  const [row] = await ds.query<Array<{ body: Buffer }>>(`SELECT ${canonicalEventSql(form, true)} AS body FROM chain_form_event e WHERE ${where}`);
  return row!.body;
};

it('covers every column of audit_event, in both forms', async () => {
  const rows = await ds.query<Array<{ column_name: string }>>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'audit_event' ORDER BY ordinal_position`,
  );
  expect([...CHAINED_EVENT_COLUMNS].sort()).toEqual(rows.map((r) => r.column_name).sort());
  for (const form of CHAIN_FORMS) {
    for (const column of CHAINED_EVENT_COLUMNS) expect(canonicalEventSql(form)).toContain(`e.${column}`);
  }
});

/** Another value of the same type for each column (and NULL where the column may be empty). */
const CHANGES: Record<string, string[]> = {
  tenant_id: [`'11111111-1111-4111-8111-111111111112'`], seq: ['42'], recorded_at: [`recorded_at + interval '1 microsecond'`],
  occurred_at: [`occurred_at - interval '1 microsecond'`], action: [`'update'`], outcome: [`'forbidden'`], actor_kind: [`'professional'`],
  professional_id: [`'22222222-2222-4222-8222-222222222223'`], api_client_id: ['NULL'], organisation_id: [`'44444444-4444-4444-8444-444444444445'`],
  roles: [`'{coordinator}'`, `'{api_client,coordinator}'`], on_behalf_of_organisation_id: ['NULL'], resource_type: [`'plan'`],
  resource_id: ['NULL'], household_id: ['NULL'], member_ids: [`'{}'`], purpose: [`'supervision'`], legal_basis: [`'none'`], consent_id: ['NULL'],
  route: [`'GET /households/{id} '`], http_status: ['404'], request_id: ['NULL', `''`], source_address: ['NULL'], caller_request_id: ['NULL'],
};

it.each(CHAIN_FORMS)('form %d: changing any one column (to another value, to NULL, an array reordered) changes the bytes', async (form) => {
  const before = await canonical(form);
  expect(Object.keys(CHANGES).sort()).toEqual([...CHAINED_EVENT_COLUMNS].sort());
  for (const [column, values] of Object.entries(CHANGES)) {
    for (const value of values) {
      await ds.query('BEGIN');
      try {
        await ds.query(`UPDATE chain_form_event SET ${column} = ${value}`);
        expect({ column, value, same: (await canonical(form)).equals(before) }).toEqual({ column, value, same: false });
      } finally {
        await ds.query('ROLLBACK');
      }
    }
  }
  expect((await canonical(form)).equals(before)).toBe(true);
});

it('form 2 is the record of built-in types: the same bytes whatever the columns are declared as, no database type OIDs', async () => {
  const before = await canonical(2);
  // a wider or differently declared column (varchar(16) → text, varchar(32)[] → text[]) leaves the bytes as they were
  await ds.query(`ALTER TABLE chain_form_event ALTER COLUMN action TYPE text, ALTER COLUMN roles TYPE text[]`);
  expect((await canonical(2)).equals(before)).toBe(true);
  // every column's type OID in the record is a built-in one (below 16384, the first OID a database assigns)
  const oids: number[] = [];
  for (let at = 4, i = 0; i < before.readInt32BE(0); i++) {
    oids.push(before.readUInt32BE(at));
    const length = before.readInt32BE(at + 4);
    at += 8 + Math.max(length, 0);
  }
  expect(oids).toHaveLength(CHAINED_EVENT_COLUMNS.length);
  expect(oids.every((oid) => oid < 16384)).toBe(true);
});
