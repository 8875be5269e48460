import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { addMessage, ask, cadre, follow, page, textOf } from './portal-support.ts'

const t = deskForThisFile()

describe('the portal in Traditional Chinese', () => {
  it('answers a worker who writes in Traditional in Traditional, on every page of their request', async () => {
    const keys = await ask(t, { text: '老闆拖欠我們三個月工資了，工會能幫忙嗎' })
    expect(keys.created.html).toContain('<html lang="zh-Hant">')
    const created = textOf(keys.created.html)
    expect(created).toContain('查詢碼只顯示這一次')
    expect(created).toContain('編號')
    expect(created).not.toContain('查询码')

    const followed = await follow(t, keys)
    expect(followed.html).toContain('<html lang="zh-Hant">')
    expect(textOf(followed.html)).toContain('已受理，等待工會幹部答覆')
    // What they wrote is shown as they wrote it.
    expect(textOf(followed.html)).toContain('老闆拖欠我們三個月工資了，工會能幫忙嗎')

    const added = await addMessage(t, keys, '補充一下，一共二十多個人')
    // The desk's next question, in Traditional.
    expect(textOf(added.html)).toContain('您是在哪裡幹的活')
    expect(textOf(added.html)).not.toMatch(/请问|哪里干/)
    await cadre(t, keys.number, 'close', { summary: '已协调企业补发工资' })
    const closed = await follow(t, keys)
    expect(textOf(closed.html)).toContain('這次服務您滿意嗎？')
    expect(closed.html).toMatch(/value="satisfied"[^>]*>滿意</)
  })

  it('lets anyone choose with the 繁/简 switch, and keeps the choice', async () => {
    const simplified = await page(t, '/portal')
    expect(simplified.html).toContain('<html lang="zh-Hans">')
    expect(simplified.html).toContain('href="/portal?zh=hant"')

    const chosen = await page(t, '/portal?zh=hant')
    expect(chosen.html).toContain('<html lang="zh-Hant">')
    expect(textOf(chosen.html)).toContain('有難處，跟工會')
    expect(chosen.html).toContain('href="/portal?zh=hans"')
    // The form carries the choice too, for a phone that keeps no cookies.
    expect(chosen.html).toMatch(/<form method="post" action="\/portal"[^]*?<input type="hidden" name="zh" value="hant"\/>/)
    const cookie = chosen.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^zh=hant;/)
    expect(cookie).toMatch(/Path=\/portal/)
    expect(cookie).toMatch(/HttpOnly/)

    const kept = await page(t, '/portal/follow', { headers: { cookie: 'zh=hant' } })
    expect(textOf(kept.html)).toContain('查看進度、補充情況')

    // A Simplified writer who chose Traditional gets Traditional; the case page's switch is a form (the code stays out of the URL).
    const keys = await ask(t, { text: '公司不给交社保', zh: 'hant' })
    expect(textOf(keys.created.html)).toContain('查詢碼只顯示這一次')
    const back = await follow(t, keys, { zh: 'hans' })
    expect(back.html).toContain('<html lang="zh-Hans">')
    expect(back.html).toMatch(/<form method="post" action="\/portal\/follow"><input type="hidden" name="number"[^]*?<button type="submit" class="script"/)
    expect(back.html).toContain('name="zh" value="hant"')
  })
})
