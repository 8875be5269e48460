// `.ci/run` on a machine that has Chromium but no font for Chinese still installs the font
// (the browser tests' screenshots need it). Run with stand-ins for apt-get, psql and npm that
// write down what they were asked, so nothing is installed and no suite is started.
import { execFile } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const bin = mkdtempSync(path.join(tmpdir(), 'niangjia-ci-'))
const log = path.join(bin, 'calls.log')
afterAll(() => rmSync(bin, { recursive: true, force: true }))

function stub(name: string, body = '') {
  writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`)
  chmodSync(path.join(bin, name), 0o755)
}

/** Runs .ci/run with the stand-ins first on the PATH (Chromium and Redis found), fc-list answering `fonts`. */
async function ciRun(fonts: string) {
  writeFileSync(log, '')
  for (const name of ['apt-get', 'npm', 'psql', 'redis-server', 'chromium']) stub(name)
  stub('fc-list', fonts ? `echo "${fonts}"` : '')
  await promisify(execFile)('bash', ['.ci/run'], { env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin } })
  return readFileSync(log, 'utf8')
}

describe('.ci/run', () => {
  it('installs the CJK font when Chromium is there and the font is not', async () => {
    const calls = await ciRun('')
    expect(calls).toMatch(/^apt-get install -y -qq fonts-wqy-microhei$/m)
    expect(calls).not.toMatch(/apt-get install .*chromium/)
    expect(calls).toMatch(/^npm test$/m)
  })

  it('installs nothing when both are there', async () => {
    const calls = await ciRun('WenQuanYi Micro Hei')
    expect(calls).not.toMatch(/apt-get install/)
  })
})
