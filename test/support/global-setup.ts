import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateDatabase } from '../../src/db/migrate.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}

/**
 * Migrates one SQLite database through Prisma's real `migrate deploy`, once per run.
 * Each test file copies it, which is much faster than migrating per file.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-template-'))
  const file = path.join(dir, 'template.db')
  await migrateDatabase(`file:${file}`)
  project.provide('templateDatabase', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
