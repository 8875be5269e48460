import { defineConfig } from 'vitest/config'

// npm test runs the suite twice, once per database (TEST_DATABASE=sqlite, then postgresql).
// A file named *.sqlite.test.ts or *.postgresql.test.ts tests what only that engine has
// (SQLite's file lock, PostgreSQL's row locks) and runs in that engine's pass only.
const database = process.env.TEST_DATABASE ?? 'sqlite'
const otherEngine = database === 'postgresql' ? 'sqlite' : 'postgresql'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [`test/**/*.${otherEngine}.test.ts`, '**/node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Hang guards, not speed limits (speed is measured in npm run bench): the suite starts real
    // processes, browsers and servers on two cores, and on a slow day the same machine runs it
    // at half speed, so a test that takes 15 s here must still have room then.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // Each file starts its own redis-server and database; two cores run two files at once well.
    maxWorkers: 2,
  },
})
