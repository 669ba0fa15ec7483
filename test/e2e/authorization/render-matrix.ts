import { writeFileSync } from 'node:fs';
import { renderAccessMatrix } from './render.js';

/** `npm run docs:access-matrix`: writes docs/ACCESS-MATRIX.md from the rules table (run from the repository root). */
writeFileSync('docs/ACCESS-MATRIX.md', renderAccessMatrix());
process.stdout.write('wrote docs/ACCESS-MATRIX.md\n');
