import fs from 'node:fs/promises';
import type { TestRunState } from './global-setup.js';

const STATE_KEY = Symbol.for('eenplan.test-run');

/** Stops the embedded PostgreSQL if global setup started it, and removes the temporary DATA_DIR. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as Record<symbol, TestRunState | undefined>;
  const state = holder[STATE_KEY];
  if (!state) return;
  delete holder[STATE_KEY];
  await state.embedded?.stop();
  await fs.rm(state.dataDir, { recursive: true, force: true });
}
