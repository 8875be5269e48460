// Prisma CLI configuration. The JS schema engine plus a driver adapter lets every
// migrate command run offline (see ../shared/TOOLCHAIN.md §3b). The app itself opens
// the database in src/db/client.ts; this file is only read by the prisma CLI.
import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { defaultDatabaseUrl, resolveDataDir } from './src/db/url.ts'

// A config file stops Prisma from reading .env, and the schema needs DATABASE_URL to parse.
process.env.DATABASE_URL ??= defaultDatabaseUrl(resolveDataDir(process.env.DATA_DIR ?? '.data', process.cwd()))
const url = process.env.DATABASE_URL

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => new PrismaBetterSQLite3({ url }),
})
