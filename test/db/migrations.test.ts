// One schema, two migration histories (Prisma keeps one per provider). Both must build
// exactly the schema in prisma/schema.prisma, and the PostgreSQL schema must be the one
// derived from it: a model changed without `npm run db:schemas` and a new migration for
// each provider fails here.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { postgresqlSchema, postgresqlSchemaPath, sqliteSchemaPath } from '../../scripts/db/provider-schemas.ts'
import { repoRoot } from '../../src/node/repo-root.ts'
import { freshDatabase, testDatabaseKind, type TestDatabase } from '../support/database.ts'

const kind = testDatabaseKind
const schemaPath = kind === 'postgresql' ? postgresqlSchemaPath : sqliteSchemaPath
const migrations = path.join(repoRoot, 'prisma', ...(kind === 'postgresql' ? ['postgresql'] : []), 'migrations')
const databases: TestDatabase[] = []
afterAll(async () => {
  for (const d of databases) await d.drop()
})

/** `prisma migrate diff --exit-code` from the history to a schema: 0 in step, 2 a difference. */
async function diff(schema: string): Promise<{ code: number; output: string }> {
  const database = await freshDatabase() // the CLI's adapter needs a database to reach (and a server for PostgreSQL's shadow)
  databases.push(database)
  const prisma = path.join(repoRoot, 'node_modules', '.bin', 'prisma')
  const args = ['migrate', 'diff', '--from-migrations', migrations, '--to-schema-datamodel', schema, '--exit-code']
  try {
    const { stdout } = await promisify(execFile)(prisma, args, { cwd: repoRoot, env: { ...process.env, DATABASE_URL: database.url, CHECKPOINT_DISABLE: '1' } })
    return { code: 0, output: stdout }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

describe(`the ${kind} migration history`, () => {
  it('is the derived copy of prisma/schema.prisma (PostgreSQL)', () => {
    expect(readFileSync(postgresqlSchemaPath, 'utf8')).toBe(postgresqlSchema(readFileSync(sqliteSchemaPath, 'utf8')))
  })

  it('builds exactly the schema', async () => {
    const { code, output } = await diff(schemaPath)
    expect(output).toContain('No difference detected')
    expect(code).toBe(0)
  }, 60_000)

  it('is found out when a model changes without a migration', async () => {
    const changed = readFileSync(schemaPath, 'utf8').replace(/model Ticket \{\n/, 'model Ticket {\n  unmigrated String?\n')
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nj-schema-')), 'schema.prisma')
    writeFileSync(file, changed)
    const { code, output } = await diff(file)
    expect(code).toBe(2)
    expect(output).toMatch(/unmigrated/)
  }, 60_000)
})
