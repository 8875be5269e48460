/**
 * Driver adapters for the Prisma CLI only (prisma.config.ts): the app opens its database in
 * src/db/client.ts. Prisma 6.19's JS schema engine meets three bugs in adapter-pg and one
 * in adapter-better-sqlite3 that stop `migrate deploy`/`migrate diff --from-migrations`;
 * each patch below says which (../shared/TOOLCHAIN.md §3c, §3d).
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

// (pg 1) The engine's catalog queries return Postgres-internal column types (name, "char",
// regproc…) that adapter-pg cannot map: read them as text before it sees them.
const AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096])
const AS_TEXT_ARRAY = new Set([1002, 1003])
type Fields = Array<{ dataTypeID: number }>
const proto = pg.Result.prototype as unknown as { addFields(fields: Fields): void }
const addFields = proto.addFields
proto.addFields = function (fields: Fields) {
  for (const f of fields) {
    if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25
    else if (AS_TEXT_ARRAY.has(f.dataTypeID)) f.dataTypeID = 1009
  }
  return addFields.call(this, fields)
}

type PgInternals = { client: pg.Pool; onError(e: unknown): never }

class PrismaPgForMigrate extends PrismaPg {
  constructor(private readonly cfg: pg.PoolConfig) {
    super(cfg)
  }
  // (pg 2) A migration file is one simple-protocol query: splitting on ';' breaks $$ bodies.
  override async connect() {
    const a = await super.connect()
    const inner = a as unknown as PgInternals
    a.executeScript = async (script: string) => {
      try {
        await inner.client.query(script)
      } catch (e) {
        inner.onError(e)
      }
    }
    return a
  }
  // (pg 3) The shadow database on its own pool, dropped only after that pool is closed.
  override async connectToShadowDb() {
    const main = await this.connect()
    const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`
    await main.executeScript(`CREATE DATABASE "${database}"`)
    const shadow = await new PrismaPg({ ...this.cfg, connectionString: undefined, database }).connect()
    const release = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await release()
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`)
      await main.dispose()
    }
    return shadow
  }
}

/** Discrete fields, never connectionString: adapter-pg's shadow pool would reuse the main database. */
function pgConfig(url: string): pg.PoolConfig {
  const u = new URL(url)
  return {
    host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password) || undefined, database: u.pathname.slice(1),
  }
}

export const postgresqlForMigrate = (url: string) => new PrismaPgForMigrate(pgConfig(url))

// (sqlite) The shadow database replays each migration through executeRaw, and
// better-sqlite3's prepare() takes one statement: run argument-free SQL as a script.
class SqliteForMigrate extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const a = await super.connectToShadowDb()
    const raw = a.executeRaw.bind(a)
    a.executeRaw = async (q) => (q.args.length === 0 ? (await a.executeScript(q.sql), 0) : raw(q))
    return a
  }
}

export const sqliteForMigrate = (url: string) => new SqliteForMigrate({ url })
