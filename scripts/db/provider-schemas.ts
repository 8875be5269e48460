/**
 * One schema, two providers. prisma/schema.prisma (SQLite, the embedded default) is the
 * one people edit; Prisma needs a schema file and a migration history per provider, so
 * the PostgreSQL schema is derived from it here and kept beside its own migrations.
 * `npm run db:schemas` writes it; a test fails when the committed copy is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const sqliteSchemaPath = path.join(root, 'prisma', 'schema.prisma')
export const postgresqlSchemaPath = path.join(root, 'prisma', 'postgresql', 'schema.prisma')

const header = '// Derived from ../schema.prisma by `npm run db:schemas`: edit that file, not this one.\n'

/** The PostgreSQL schema: the same models, another provider, its own generated client. */
export function postgresqlSchema(sqlite: string): string {
  const swaps: [RegExp, string][] = [
    [/provider\s*=\s*"sqlite"/, 'provider = "postgresql"'],
    [/output\s*=\s*"\.\.\/src\/generated\/prisma"/, 'output       = "../../src/generated/prisma-postgresql"'],
    // The SQL layer's row types are one file for both providers, written from the SQLite schema.
    [/\n\n(\/\/\/.*\n)*generator kysely \{[^}]*\}\n/, '\n'],
  ]
  let out = sqlite
  for (const [from, to] of swaps) {
    if (!from.test(out)) throw new Error(`prisma/schema.prisma no longer has ${from}: update scripts/db/provider-schemas.ts`)
    out = out.replace(from, to)
  }
  return header + out
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(postgresqlSchemaPath, postgresqlSchema(readFileSync(sqliteSchemaPath, 'utf8')))
  console.log(`wrote ${path.relative(root, postgresqlSchemaPath)}`)
}
