// Prisma CLI configuration. The JS schema engine plus a driver adapter lets every
// migrate command run offline (see ../shared/TOOLCHAIN.md §3b–3d). The app itself opens
// the database in src/db/client.ts; this file is only read by the prisma CLI.
// DATABASE_URL picks the provider: a file: URL is SQLite (prisma/schema.prisma and
// prisma/migrations), a postgresql:// URL is PostgreSQL (prisma/postgresql/…).
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { postgresqlForMigrate, sqliteForMigrate } from './scripts/db/cli-adapters.ts'
import { databaseKind, defaultDatabaseUrl, resolveDataDir } from './src/db/url.ts'

// A config file stops Prisma from reading .env, and the schema needs DATABASE_URL to parse.
process.env.DATABASE_URL ??= defaultDatabaseUrl(resolveDataDir(process.env.DATA_DIR ?? '.data', process.cwd()))
const url = process.env.DATABASE_URL
const kind = databaseKind(url)
if (!kind) throw new Error('DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL.')
const dir = kind === 'postgresql' ? path.join('prisma', 'postgresql') : 'prisma'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(dir, 'schema.prisma'),
  migrations: { path: path.join(dir, 'migrations') },
  adapter: async () => (kind === 'postgresql' ? postgresqlForMigrate(url) : sqliteForMigrate(url)),
})
