import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** One statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A fresh, empty database on the server for one benchmark, named `<prefix>_<random>`, dropped (connections and all) by `drop`. */
export async function createBenchDatabase(server: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  await adminQuery(server, `CREATE DATABASE "${name}"`)
  const u = new URL(server)
  u.pathname = `/${name}`
  return { url: u.toString(), drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
}
