import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { PromptFolder, TemplateSource } from '../text/templates.ts'
import { repoRoot } from './repo-root.ts'

/**
 * The shipped templates, from prompts/<set>/*.md, read once per set. What a union changes in
 * the console is laid over them live (refreshWording); a change to a file itself is read at
 * the next start.
 */
export function fileTemplates(root = path.join(repoRoot, 'prompts')): TemplateSource {
  const cache = new Map<PromptFolder, Record<string, string>>()
  return (set) => {
    let files = cache.get(set)
    if (!files) {
      const dir = path.join(root, set)
      files = Object.fromEntries(
        readdirSync(dir)
          .filter((f) => f.endsWith('.md') && f !== 'README.md')
          .map((f) => [f.slice(0, -3), readFileSync(path.join(dir, f), 'utf8')]),
      )
      cache.set(set, files)
    }
    return files
  }
}
