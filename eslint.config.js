// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Flat config: typescript-eslint's recommended type-checked rules, plus the ones that catch real bugs in a
 * NestJS + TypeORM code base (floating promises, promises passed where a callback is expected, switches
 * that miss a case, `any` leaking through).
 */
export default tseslint.config(
  // docs/partner-example is a partner's code against generated types: test/e2e/partner-client.e2e-spec.ts type-checks it
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'bench/results/**', 'docs/partner-example/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // The code base writes `x[i]!` as if noUncheckedIndexedAccess were on; that is deliberate, not noise.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `async` without `await` is how Nest hooks and interface implementations return promises; the bug
      // this rule aims at (a forgotten await) is caught by no-floating-promises instead.
      '@typescript-eslint/require-await': 'off',
      // A handler declared before the value it closes over is assigned (signal handlers in main.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always'],
      // class-validator's IsOptional lets null through unchecked; the project's (src/common/validators.ts) does not
      'no-restricted-imports': ['error', { paths: [{ name: 'class-validator', importNames: ['IsOptional'], message: "Use IsOptional from src/common/validators.ts: it checks null like any other value." }] }],
    },
  },
  {
    // supertest types every response body as `any`; tests read it directly, and a wrong shape fails the test.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
