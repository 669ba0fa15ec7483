#!/usr/bin/env node
// `npm run fuzz -- --requests 50000 [--seed 42]`: the contract fuzzer (test/e2e/contract-fuzz.e2e-spec.ts) for a
// long run. It needs what the test suite needs (DATABASE_URL, or the embedded PostgreSQL otherwise).
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '50000' }, seed: { type: 'string' } } });
const env = { ...process.env, FUZZ_REQUESTS: values.requests, ...(values.seed ? { FUZZ_SEED: values.seed } : {}) };
const jest = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--runInBand', 'test/e2e/contract-fuzz.e2e-spec.ts'];
const result = spawnSync(process.execPath, jest, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
