import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The checkout's root: prompts/, prisma/ and node_modules/ are found from here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
