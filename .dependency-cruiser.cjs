/* global module */
/**
 * Dependency rules for src/ (issue 9, item 8), run by `npm run lint` (`depcruise src`).
 *
 * A "feature" is a first-level folder of src/ (src/supervision with its subfolders is one feature, as is
 * src/casework with its nested sub-features). Cycles inside one feature are its own business; a cycle that
 * crosses two first-level folders is not allowed. The ground floor (config, common, database) knows no
 * feature; controllers reach the database only through their service.
 *
 * `scripts/dependency-figures.mjs` measures the same first-level graph (folders, folders in cycles, the
 * largest strongly connected component) and writes docs/dependencies.md.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'Two first-level folders of src/ depend on each other (directly or through others). Data flows one way: ' +
        'invert one of the imports through a port (an interface + injection token owned by the lower folder).',
      scope: 'folder',
      from: { path: '^src/([^/]+)' },
      to: { circular: true, pathNot: '^src/$1(/|$)' },
    },
    {
      name: 'ground-floor-knows-no-feature',
      severity: 'error',
      comment:
        'config, common and database are the ground floor: every feature may use them, they use no feature. ' +
        'Move the shared type down (e.g. into common/) or let the feature provide it through a port.',
      from: { path: '^src/(config|common|database)/' },
      to: { path: '^src/', pathNot: '^src/(config|common|database)/' },
    },
    {
      name: 'controllers-use-services',
      severity: 'error',
      comment:
        'A controller handles HTTP only; it calls its service, which uses repositories. Entities never leave ' +
        'the API, so a controller imports no entity either (use the DTOs and the mapper).',
      from: { path: '\\.controller\\.ts$' },
      to: { path: ['\\.repository\\.ts$', '/entities/', '\\.entities\\.ts$'] },
    },
    {
      name: 'only-roots-compose',
      severity: 'error',
      comment:
        'The files directly in src/ (app.module.ts, app.entities.ts, app.factory.ts, main.ts, …) are the composition ' +
        'root: they assemble the features, so no feature imports them (only the other roots, src/cli and src/demo).',
      from: { path: '^src/[^/]+/', pathNot: '^src/(cli|demo)/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved: a typo, or a dependency missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Folder-scope rules need the folder aggregation that `metrics` switches on.
    metrics: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
