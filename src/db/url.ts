import path from 'node:path'

/** Where the embedded desk keeps its files unless DATA_DIR says otherwise. */
export const defaultDataDir = (cwd = process.cwd()) => path.resolve(cwd, process.env.DATA_DIR ?? '.data')

/** The embedded default: one SQLite file in the data folder. */
export const defaultDatabaseUrl = (dataDir = defaultDataDir()) => `file:${path.join(dataDir, 'niangjia.db')}`
