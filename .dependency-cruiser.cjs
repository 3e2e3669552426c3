// The architecture of src/, as rules that fail CI (npm run check:architecture) instead of living in a
// reviewer's memory. STYLE: feature modules that meet only through each other's index.ts, one direction of
// flow (http -> service -> repository -> database; services announce changes on the event bus), no cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle means two pieces cannot be understood (or loaded) one without the other.',
      severity: 'error',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'modules-meet-through-index',
      comment: 'Another module is used only through its index.ts: what it exports is its contract.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'domain-knows-no-http',
      comment: 'Services, use cases and repositories return domain results; only routes, http/ and realtime know the protocols.',
      severity: 'error',
      from: { path: '^src/modules/[^/]+/[^/]+\\.(service|use-case|repository)\\.ts$' },
      to: { path: '(^|/)node_modules/(express|socket\\.io|supertest)/|^src/http/(route|error-handler|rate-limits)' },
    },
    {
      name: 'shared-code-is-below-modules',
      comment: 'lib/ and db/ serve every module; they never reach up into one.',
      severity: 'error',
      from: { path: '^src/(lib|db)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'prisma-only-in-data-access',
      comment: 'Only repositories (and db/, the composition root) talk to the Prisma client.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/db/', '^src/generated/', '\\.repository\\.ts$', '^src/context\\.ts$', '^src/cli/'] },
      to: { path: '^src/generated/|(^|/)node_modules/@prisma/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
