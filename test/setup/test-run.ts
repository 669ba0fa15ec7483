import type { EmbeddedDatabase } from '../../src/database/embedded-postgres.js';

/** What global setup started, handed to global teardown (both run in Jest's parent process). */
export interface TestRun {
  dataDir: string;
  embedded?: EmbeddedDatabase;
}

const KEY = Symbol.for('eenplan.test-run');
type Holder = typeof globalThis & { [KEY]?: TestRun };

export function setTestRun(run: TestRun): void {
  (globalThis as Holder)[KEY] = run;
}

export function takeTestRun(): TestRun | undefined {
  const holder = globalThis as Holder;
  const run = holder[KEY];
  delete holder[KEY];
  return run;
}
