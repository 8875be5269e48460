/**
 * buildApp (src/app.ts) and the edge entry (src/edge.ts, the Cloudflare Worker) run where
 * there is no Node: what they import at run time must never reach a Node-only module. Node-only pieces are passed in (opsRoutes,
 * channelRoutes, the desk's dependencies). Type-only imports vanish when compiled, so they
 * do not count here. Checked in `npm test` (scripts/test.sh).
 */
module.exports = {
  forbidden: [
    {
      name: 'app-is-not-node-only',
      severity: 'error',
      comment: 'Pass the Node-only piece into buildApp instead of importing it; on the edge, use WebCrypto and the fetch API.',
      from: { path: '^src/(app|edge)\\.ts$' },
      to: {
        reachable: true,
        path: [
          '^node:',
          '^(fs|path|child_process|net|os|crypto|url|util|stream|module)$',
          'node_modules/(@hono/node-server|better-sqlite3|@prisma/adapter-better-sqlite3|bullmq|ioredis|@bull-board|prom-client|pino|swagger-ui-dist)/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
}
