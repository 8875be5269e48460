// What a new password may not be: the old one, one of the passwords guessed first, all digits,
// a character or a short run repeated, or anything with the sign-in name in it.
import { describe, expect, it } from 'vitest'
import { passwordProblem } from '../../src/desk/accounts/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, get, noticeOf, PASSWORD, post, signIn } from './support.ts'

const t = deskForThisFile()

describe('a new password', () => {
  it('is refused when it is trivial or common, and said why', () => {
    expect(passwordProblem('1234567890', 'li.xy')).toBe('密码不要全是数字，请加上字母或符号。')
    expect(passwordProblem('13800001111', 'li.xy')).toBe('密码不要全是数字，请加上字母或符号。')
    expect(passwordProblem('aaaaaaaaaaaa', 'li.xy')).toMatch(/重复/)
    expect(passwordProblem('abcabcabcabc', 'li.xy')).toMatch(/重复/)
    expect(passwordProblem('abcdabcdabcd', 'li.xy')).toMatch(/重复/)
    expect(passwordProblem('aaaBcdefg-2026', 'li.xy')).toBeNull() // a repeat at the start is not the whole password
    expect(passwordProblem('Password123', 'li.xy')).toBe('这是最常被猜中的密码之一，请换一个。')
    expect(passwordProblem('woaini1314520', 'li.xy')).toBe('这是最常被猜中的密码之一，请换一个。')
    expect(passwordProblem('li.xy-2026-spring', 'li.xy')).toBe('密码里不要包含登录名。')
    expect(passwordProblem('Gonghui-2026-test', 'li.xy', 'Gonghui-2026-test')).toBe('新密码不能和原密码一样。')
    expect(passwordProblem('short', 'li.xy')).toMatch(/至少/)
    expect(passwordProblem('Qiao-men-bei-2026', 'li.xy', 'Gonghui-2026-test')).toBeNull()
  })

  it('is refused in the console when it is the one in use', async () => {
    await accountFor(t, 'pw-same', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
    const b = await signIn(t, 'pw-same')
    const res = await post(t, b, '/console/password', { current: PASSWORD, next: PASSWORD })
    expect(res.status).toBe(422)
    expect(noticeOf(await res.text())).toBe('新密码不能和原密码一样。')
    expect((await post(t, b, '/console/password', { current: PASSWORD, next: '1234567890123' })).status).toBe(422)
    expect((await get(t, b, '/console')).status).toBe(200)
  })
})
