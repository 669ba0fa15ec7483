import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { ERROR_TABLES } from '../../src/common/domain-error.js';
import { LANGUAGES, negotiateLanguage } from '../../src/common/language.js';
import { ProblemFilter } from '../../src/common/problem.filter.js';
import { TRANSLATED_CONSTRAINTS } from '../../src/common/validation-messages.js';
import { flattenValidationErrors } from '../../src/common/validation.js';

const SRC = join(process.cwd(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
/** Every `defineErrors({` in src except the definition itself: each is one error table. */
const tableFiles = files.filter((f) => /defineErrors(<[^>]*>)?\(\{/.test(f.text));
const tableCount = tableFiles.reduce((n, f) => n + (f.text.match(/defineErrors(<[^>]*>)?\(\{/g)?.length ?? 0), 0);
/** Files that declare validation rules: DTOs and the custom decorators. */
const validatedFiles = files.filter((f) => f.text.includes("from 'class-validator'"));

beforeAll(async () => {
  // loading a module registers its tables and decorators; a new module is found without a list to keep
  for (const file of [...tableFiles, ...validatedFiles]) await import(file.path);
}, 120_000);

describe('every error code has a Dutch and an English text', () => {
  it('finds every error table in src (a new module is covered without being listed)', () => {
    expect(tableCount).toBeGreaterThan(20);
    expect(ERROR_TABLES.length).toBe(tableCount);
  });

  it('each code of each table has a non-empty title in every language, and the Dutch one is not the English one', () => {
    const problems: string[] = [];
    // words that are the same in both languages
    const sameInBoth = new Set(['Conflict']);
    for (const table of ERROR_TABLES) {
      for (const [code, spec] of Object.entries(table)) {
        for (const language of LANGUAGES) {
          if (typeof spec.title[language] !== 'string' || spec.title[language].trim() === '') problems.push(`${code}: no ${language} title`);
        }
        if (spec.title.nl === spec.title.en && !sameInBoth.has(spec.title.en)) problems.push(`${code}: Dutch title is the English one`);
        if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) problems.push(`${code}: status ${spec.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a code that appears in several tables has the same status everywhere (codes stay stable)', () => {
    const statuses = new Map<string, Set<number>>();
    for (const table of ERROR_TABLES) for (const [code, spec] of Object.entries(table)) statuses.set(code, (statuses.get(code) ?? new Set()).add(spec.status));
    const unstable = [...statuses].filter(([, set]) => set.size > 1).map(([code, set]) => `${code}: ${[...set].join('/')}`);
    expect(unstable).toEqual([]);
  });

  it('every validation rule used by a DTO has a Dutch message of its own (not the generic fallback)', () => {
    const storage = getMetadataStorage();
    // class-validator keeps its metadata in a private map; reading it here is the only way to see every rule in use
    const all = [...(storage as unknown as { validationMetadatas: Map<unknown, Array<{ type: string; constraintCls: () => void; context?: { nl?: string } }>> }).validationMetadatas.values()].flat();
    expect(all.length).toBeGreaterThan(200);
    const structural = new Set(['conditionalValidation', 'whitelistValidation', 'promiseValidation']);
    const kinds = new Set<string>();
    for (const metadata of all) {
      if (structural.has(metadata.type) || metadata.context?.nl) continue;
      kinds.add(metadata.type === 'customValidation' ? (storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? '?') : metadata.type);
    }
    expect([...kinds].filter((kind) => !TRANSLATED_CONSTRAINTS.has(kind)).sort()).toEqual([]);
  });
});

describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  it.each([
    [undefined, 'nl'],
    ['', 'nl'],
    ['en', 'en'],
    ['EN', 'en'],
    ['en-GB', 'en'],
    ['nl-BE', 'nl'],
    ['nl;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.3, nl', 'nl'],
    ['en, nl', 'en'],
    ['nl, en', 'nl'],
    ['fr, de;q=0.9', 'nl'],
    ['fr, en;q=0.1', 'en'],
    ['en;q=0', 'nl'],
    ['en-GB;q=0.2, en;q=0.9, nl;q=0.5', 'en'],
    ['*', 'nl'],
    ['nl;q=0, *', 'en'],
    ['en;q=0.4, *;q=0.8', 'nl'],
    ['en;q=abc', 'nl'],
    ['en;q=1.5', 'nl'],
    ['<script>, en', 'en'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('framework problems in both languages', () => {
  const filter = new ProblemFilter();
  // the 500 case logs its (expected) error; keep the test output clean
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('a failed readiness check (503) keeps its code and checks, with the text in the language asked for', () => {
    const failed = new ServiceUnavailableException({ status: 'error', details: { database: { status: 'down', message: 'connect ECONNREFUSED 10.0.0.5' } } });
    const nl = filter.toProblem(failed, 'nl');
    const en = filter.toProblem(failed, 'en');
    expect(nl).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, title: 'Dienst niet beschikbaar', checks: { database: 'down' } });
    expect(en).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, title: 'Service unavailable', checks: { database: 'down' } });
    expect(nl.type).toBe(en.type);
    expect(nl.detail).not.toBe(en.detail);
    expect(JSON.stringify(nl)).not.toContain('10.0.0.5');
  });

  it('a status without a table entry still gets a code and both texts', () => {
    const teapot = new HttpException('I refuse to brew: secret 42', 418);
    expect(filter.toProblem(teapot, 'nl')).toMatchObject({ code: 'HTTP_418', title: 'Fout', detail: 'Het verzoek kon niet worden verwerkt.' });
    expect(filter.toProblem(teapot, 'en')).toMatchObject({ code: 'HTTP_418', title: 'Error', detail: 'The request could not be processed.' });
  });

  it('an unexpected error is a 500 in both languages that reveals nothing', () => {
    const nl = filter.toProblem(new Error('password=hunter2'), 'nl');
    expect(nl).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, title: 'Interne fout' });
    expect(JSON.stringify(nl)).not.toContain('hunter2');
    expect(filter.toProblem(new Error('x'), 'en').title).toBe('Internal error');
  });

  it('a rule whose arguments are unknown (no class metadata) gets the generic Dutch text, not "undefined"', () => {
    const error = { property: 'name', constraints: { maxLength: 'name must be shorter than or equal to 5 characters' }, children: [] } as unknown as ValidationError;
    expect(flattenValidationErrors([error])).toEqual([{ field: 'name', messages: [{ nl: 'name is niet geldig', en: 'name must be shorter than or equal to 5 characters' }] }]);
  });

  it('a validation error without a known decorator still names the field in Dutch', () => {
    const error = { property: 'colour', constraints: { isHexColor: 'colour must be a hexadecimal color' }, children: [] } as unknown as ValidationError;
    expect(flattenValidationErrors([error])).toEqual([{ field: 'colour', messages: [{ nl: 'colour is niet geldig', en: 'colour must be a hexadecimal color' }] }]);
  });
});
