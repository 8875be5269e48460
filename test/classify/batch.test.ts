import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('npm run classify -- FILE', () => {
  it('writes one JSON line per input line, in order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'classify-'))
    const file = path.join(dir, 'in.jsonl')
    writeFileSync(file, [
      JSON.stringify({ id: 1, text: '老板拖了仨月工钱不给 咋整啊' }),
      JSON.stringify({ id: 'b', text: '工友刚从架子上摔下来了 流了好多血' }),
      'not json at all',
      JSON.stringify({ id: 3, text: '' }),
    ].join('\n'))
    const env = { ...process.env, LLM_PROVIDER: 'none' }
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/classify.ts', file], { env, cwd: path.resolve(import.meta.dirname, '../..') })
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(out).toHaveLength(4)
    expect(out[0]).toMatchObject({ id: 1, label: 'wage_arrears', urgent: false, source: 'linear@2' })
    expect(out[1]).toMatchObject({ id: 'b', label: 'legal_aid', urgent: true })
    expect(out[2]).toMatchObject({ id: null, label: 'other' })
    expect(out[3]).toMatchObject({ id: 3, label: 'other', urgent: false })
    for (const o of out) expect(Object.keys(o).sort()).toEqual(['confidence', 'id', 'label', 'reason', 'source', 'urgent'])
  })
})
