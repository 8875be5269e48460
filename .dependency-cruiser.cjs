/**
 * The architecture, checked in `npm test` (scripts/test.sh):
 * - no import cycles anywhere;
 * - desk areas (src/desk/<area>/) use each other only through their index.ts;
 * - the HTTP app (src/app.ts) and what it imports never reach Node-only modules, so the
 *   same app can be built at the edge.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes the data flow unreadable and the load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'areas-through-their-surface',
      severity: 'error',
      comment: "Another area's files are its own business: import its index.ts.",
      from: { path: '^src/desk/([^/]+)/' },
      to: { path: '^src/desk/[^/]+/.+', pathNot: ['^src/desk/$1/', '^src/desk/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-through-the-surface',
      severity: 'error',
      comment: 'Code outside src/desk/ uses an area through its index.ts.',
      from: { pathNot: '^src/desk/' },
      to: { path: '^src/desk/[^/]+/.+', pathNot: '^src/desk/[^/]+/index\\.ts$' },
    },
    {
      name: 'app-is-not-node-only',
      severity: 'error',
      comment: 'buildApp is shared with the edge entry: Node-only pieces are passed in (opsRoutes, channelRoutes).',
      from: { path: '^src/app\\.ts$' },
      to: {
        reachable: true,
        dependencyTypesNot: ['type-only'],
        path: ['^node:', '^(fs|path|child_process|net|os|crypto|url|util|stream)$', 'node_modules/(@hono/node-server|better-sqlite3|@prisma/adapter-better-sqlite3|bullmq|ioredis|@bull-board|prom-client|pino)/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
}
