/**
 * Database URLs, as plain strings (no Node path module: the config is parsed at the edge too).
 * SQLite is the embedded default; PostgreSQL is how a desk outgrows one machine.
 */
export type DatabaseKind = 'sqlite' | 'postgresql'

export function databaseKind(url: string): DatabaseKind | null {
  if (url.startsWith('file:')) return 'sqlite'
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql'
  return null
}

/** DATA_DIR made absolute against `cwd` when it is relative and a cwd is known. */
export function resolveDataDir(dir: string, cwd?: string): string {
  if (dir.startsWith('/') || !cwd) return dir.replace(/\/+$/, '') || '/'
  const rel = dir.replace(/^\.\/?/, '').replace(/\/+$/, '')
  return rel ? `${cwd.replace(/\/+$/, '')}/${rel}` : cwd
}

/** The embedded default: one SQLite file in the data folder. */
export const defaultDatabaseUrl = (dataDir: string) => `file:${dataDir.replace(/\/+$/, '')}/niangjia.db`
