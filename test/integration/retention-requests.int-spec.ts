import type { DataSource } from 'typeorm';
import { RetentionPurgeRepository } from '../../src/privacy/retention/retention-purge.repository.js';
import { household, insert, municipality, ownerDb, ownerHost, type Municipality } from './support.js';

/**
 * Retention of AVG art. 17/18 requests, straight against PostgreSQL: a finished request whose period after completion
 * has passed is deleted (through the marker the trigger on privacy_request accepts), and then its case may go; an
 * open request, or one finished within the period, keeps both; a legal hold keeps both too.
 */
let db: DataSource;
let purge: RetentionPurgeRepository;
const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);
/** The cut-offs the engine would hand over: case files 7 years, requests 2 years. */
const CASE_CUTOFF = ago(7 * 366);
const REQUEST_CUTOFF = ago(2 * 366);

beforeAll(async () => {
  db = await ownerDb();
  purge = new RetentionPurgeRepository(ownerHost(db));
});

afterAll(async () => {
  await db?.destroy();
});

/** A case closed ten years ago: past any case-file period. */
const oldClosedCase = (m: Municipality) => household(db, m, { registeredOn: ago(3650).toISOString().slice(0, 10), status: 'closed' });

type Finished = 'executed' | 'rejected' | 'lifted';

/** A request on the household, recorded a week before `completedDaysAgo` and finished then (or left open). */
async function avgRequest(m: Municipality, householdId: string, state: { status: Finished; completedDaysAgo: number } | { status: 'recorded' | 'active'; recordedDaysAgo: number }): Promise<string> {
  const recordedDaysAgo = 'recordedDaysAgo' in state ? state.recordedDaysAgo : state.completedDaysAgo + 7;
  const done = 'completedDaysAgo' in state ? ago(state.completedDaysAgo) : null;
  const kind = state.status === 'executed' ? 'erasure' : 'restriction';
  const decided = state.status !== 'recorded';
  const executed = state.status === 'executed' || state.status === 'active' || state.status === 'lifted';
  return insert(db, 'privacy_request', {
    tenant_id: m.tenantId,
    kind,
    household_id: householdId,
    reason: 'Verzoek van de burger',
    status: state.status,
    requested_by_id: m.coordinatorId,
    requested_at: ago(recordedDaysAgo),
    decided_by_id: decided ? m.otherCoordinatorId : null,
    decided_at: decided ? (state.status === 'rejected' ? done : ago(recordedDaysAgo - 1)) : null,
    decision_reason: state.status === 'rejected' ? 'Geen grond' : null,
    executed_by_id: executed ? m.coordinatorId : null,
    executed_at: state.status === 'executed' ? done : executed ? ago(recordedDaysAgo - 2) : null,
    report: state.status === 'executed' ? '{}' : null,
    lifted_by_id: state.status === 'lifted' ? m.coordinatorId : null,
    lifted_at: state.status === 'lifted' ? done : null,
    lift_reason: state.status === 'lifted' ? 'Geschil opgelost' : null,
  });
}

const exists = async (table: string, id: string) => (await db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length > 0;

async function refusal(sql: string, params: unknown[]): Promise<string | undefined> {
  try {
    await db.query(sql, params);
  } catch (error) {
    return (error as { driverError?: { code?: string } }).driverError?.code;
  }
  return undefined;
}

describe('the retention of AVG requests and the cases they keep', () => {
  it('an expired finished request goes first, and then its case; an open or recent request keeps its case, and a hold keeps both', async () => {
    const m = await municipality(db);
    const expiredCase = await oldClosedCase(m);
    const expired = await avgRequest(m, expiredCase, { status: 'executed', completedDaysAgo: 3 * 366 });
    const expiredToo = await avgRequest(m, expiredCase, { status: 'rejected', completedDaysAgo: 4 * 366 });
    const openCase = await oldClosedCase(m);
    const open = await avgRequest(m, openCase, { status: 'active', recordedDaysAgo: 5 * 366 });
    const recentCase = await oldClosedCase(m);
    const recent = await avgRequest(m, recentCase, { status: 'lifted', completedDaysAgo: 180 });
    const heldCase = await oldClosedCase(m);
    const heldRequest = await avgRequest(m, heldCase, { status: 'rejected', completedDaysAgo: 5 * 366 });
    await insert(db, 'legal_hold', { tenant_id: m.tenantId, household_id: heldCase, reason: 'Bezwaarprocedure', placed_by_id: m.coordinatorId, placed_at: ago(10) });

    // the survey: two requests past their period and free, one held; the cases that requests still keep
    expect(await purge.survey('privacy_requests', m.tenantId, REQUEST_CUTOFF)).toMatchObject({ eligible: 3, held: 1, heldByRequest: 0 });
    expect(await purge.survey('case_file', m.tenantId, CASE_CUTOFF, REQUEST_CUTOFF)).toMatchObject({ eligible: 4, held: 3, heldByRequest: 2 });
    // without the requests' cut-off every request keeps its case, as before this category existed
    expect(await purge.survey('case_file', m.tenantId, CASE_CUTOFF)).toMatchObject({ eligible: 4, held: 4, heldByRequest: 3 });

    // the case waits while a request row names it (its foreign key): the requests go first
    expect(await purge.purgeBatch('case_file', m.tenantId, CASE_CUTOFF, 10)).toBe(0);
    expect(await purge.purgeBatch('privacy_requests', m.tenantId, REQUEST_CUTOFF, 1)).toBe(1);
    expect(await purge.purgeBatch('privacy_requests', m.tenantId, REQUEST_CUTOFF, 10)).toBe(1);
    expect(await purge.purgeBatch('privacy_requests', m.tenantId, REQUEST_CUTOFF, 10)).toBe(0);
    expect([await exists('privacy_request', expired), await exists('privacy_request', expiredToo)]).toEqual([false, false]);
    expect([await exists('privacy_request', open), await exists('privacy_request', recent), await exists('privacy_request', heldRequest)]).toEqual([true, true, true]);
    expect((await db.query('SELECT 1 FROM privacy_request_purge WHERE tenant_id = $1', [m.tenantId])).length).toBe(0);

    expect(await purge.survey('case_file', m.tenantId, CASE_CUTOFF, REQUEST_CUTOFF)).toMatchObject({ eligible: 4, held: 3 });
    expect(await purge.purgeBatch('case_file', m.tenantId, CASE_CUTOFF, 10)).toBe(1);
    expect(await exists('household', expiredCase)).toBe(false);
    for (const kept of [openCase, recentCase, heldCase]) expect(await exists('household', kept)).toBe(true);
  });

  it('the database refuses to delete a request unless it is finished and marked for the purge in the same transaction', async () => {
    const m = await municipality(db);
    const closed = await oldClosedCase(m);
    const finished = await avgRequest(m, closed, { status: 'rejected', completedDaysAgo: 5 * 366 });
    const open = await avgRequest(m, closed, { status: 'recorded', recordedDaysAgo: 5 * 366 });

    expect(await refusal('DELETE FROM privacy_request WHERE id = $1', [finished])).toBe('42501');
    await db.query('INSERT INTO privacy_request_purge (tenant_id, request_id) VALUES ($1, $2), ($1, $3)', [m.tenantId, finished, open]);
    // marked, but open: still evidence in use
    expect(await refusal('DELETE FROM privacy_request WHERE id = $1', [open])).toBe('42501');
    expect(await refusal('DELETE FROM privacy_request WHERE id = $1', [finished])).toBeUndefined();
    expect([await exists('privacy_request', finished), await exists('privacy_request', open)]).toEqual([false, true]);
    await db.query('DELETE FROM privacy_request_purge WHERE tenant_id = $1', [m.tenantId]);
    await db.query('DELETE FROM privacy_request_purge WHERE tenant_id = $1', [m.tenantId]);
  });

  it('the request role cannot write marks, so it cannot delete a request', async () => {
    const grants = await db.query<Array<{ privilege_type: string }>>(
      `SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'privacy_request_purge' AND grantee = 'eenplan_app' ORDER BY 1`,
    );
    expect(grants.map((g) => g.privilege_type)).toEqual(['SELECT']);
  });
});
