// Boundaries between the folders of src/ (npm run lint:deps, in CI). A feature folder may use common/ and the
// features below it; nothing under src/ may close a loop between folders, and common/ uses no feature. Type-only
// imports are left out: they vanish from the compiled code, and TypeORM relations between entity files need them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Two folders of src/ that import each other (directly or round a loop) are one concept: merge them or move the shared part down.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'feature-subfolders-are-private',
      comment:
        'Another folder is used through its top-level files; its subfolders (dto/) are its own. This also keeps no-folder-cycle exact: ' +
        'an import of src/x/dto/ would be an edge to the folder src/x/dto, not src/x, and a loop through it would go unseen.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/[^/]+/', pathNot: ['^src/$1/', '^src/common/'] },
    },
    {
      name: 'only-cli-imports-the-root',
      comment:
        'The files at the top of src/ (main, app.module, app.factory, graphql.options, http-hardening) put the features together; only the CLIs start them.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/cli/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'common-imports-no-feature',
      comment: 'common/ is the floor every feature stands on: errors, scalars, pagination, config, the loader registry. It imports no feature.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'no-module-cycle',
      comment: 'Modules that import each other load in an order that depends on who asked first.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$|^src/graphiql/browser/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
