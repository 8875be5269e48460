import { describe, expect, it } from 'vitest'
import { newId } from '../../src/lib/ids.ts'

describe('row ids', () => {
  it('are cuids: 25 characters from "c" and base 36, none twice in a burst', () => {
    const ids = Array.from({ length: 50_000 }, newId)
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^c[0-9a-z]{24}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sort by when they were made, as the schema\'s own cuid() does', async () => {
    const first = newId()
    await new Promise((r) => setTimeout(r, 5))
    const later = newId()
    expect(first < later).toBe(true)
    expect(first.slice(0, 9) <= `c${Date.now().toString(36)}`).toBe(true)
  })
})
