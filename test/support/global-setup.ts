import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateDatabase } from '../../src/db/migrate.ts'

export type TestDatabaseKind = 'sqlite' | 'postgresql'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: TestDatabaseKind
    /** SQLite: the template file. PostgreSQL: the template database's name on postgresServer. */
    templateDatabase: string
    /** The PostgreSQL server's maintenance database (postgres), for CREATE/DROP DATABASE. */
    postgresServer: string
  }
}

/**
 * Migrates one database through Prisma's real `migrate deploy`, once per run; each test
 * file copies it (SQLite) or clones it as a template (PostgreSQL), which is much faster
 * than migrating per file. TEST_DATABASE picks the kind (scripts/test.sh runs both).
 */
export default async function setup(project: TestProject) {
  const kind = (process.env.TEST_DATABASE ?? 'sqlite') as TestDatabaseKind
  const server = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  project.provide('databaseKind', kind)
  project.provide('postgresServer', server)
  if (kind === 'postgresql') {
    const name = `nj_template_${randomBytes(4).toString('hex')}`
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 })
      await client.connect().catch((err: Error) => {
        throw new Error(`The PostgreSQL pass needs a server at ${server} (TEST_POSTGRES_URL): ${err.message}`)
      })
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    }
    await admin(`CREATE DATABASE "${name}"`)
    const url = new URL(server)
    url.pathname = `/${name}`
    await migrateDatabase(url.toString())
    project.provide('templateDatabase', name)
    return () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-template-'))
  const file = path.join(dir, 'template.db')
  await migrateDatabase(`file:${file}`)
  project.provide('templateDatabase', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
