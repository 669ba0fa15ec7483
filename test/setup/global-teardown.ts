import fs from 'node:fs/promises';
import { takeTestRun } from './test-run.js';

/** Stops the embedded PostgreSQL if global setup started it, and removes the temporary DATA_DIR. */
export default async function globalTeardown(): Promise<void> {
  const run = takeTestRun();
  if (!run) return;
  await run.embedded?.stop();
  await fs.rm(run.dataDir, { recursive: true, force: true });
}
