// A cadre links their own WeChat with a one-time code from the console: single use, ten
// minutes, only its hash stored, and a contact that keeps sending wrong codes is stopped.
import { beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../../src/desk/accounts/index.ts'
import {
  BIND_CODE_LENGTH, cadreByContact, cadreLinks, contactOfCadre, issueCadreBindCode, redeemCadreBindCode, unlinkCadre, WRONG_BIND_CODE_WINDOWS,
} from '../../../src/desk/chat-links/index.ts'
import { ACCESS_CODE_ALPHABET } from '../../../src/desk/people/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile } from '../../support/desk.ts'

const t = deskForThisFile()
const channel = 'wechaty' as const
let heId: string
let linId: string

beforeAll(async () => {
  const he = await t.desk.db.cadre.findFirstOrThrow({ where: { name: demoUnion.cadres.yuehaiCadre }, include: { unit: true } })
  heId = he.id
  linId = (await t.desk.db.cadre.findFirstOrThrow({ where: { name: demoUnion.cadres.nanshanWageA } })).id
  await createAccount(t.desk.db, { login: 'he.jh', displayName: '何家豪', password: 'Gonghui-2026-test', role: 'cadre', unitCode: he.unit.code, cadreId: he.id }, new Date())
})

const redeem = (contactId: string, code: string, at = new Date()) => redeemCadreBindCode(t.desk, { channel, contactId, code, at })

describe('a binding code', () => {
  it('is eight unambiguous characters, shown once and stored only as a keyed hash', async () => {
    const { code, expiresAt } = await issueCadreBindCode(t.desk, heId)
    expect(code).toHaveLength(BIND_CODE_LENGTH)
    expect([...code].every((ch) => ACCESS_CODE_ALPHABET.includes(ch))).toBe(true)
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000)
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000)
    const rows = await t.desk.db.cadreBindCode.findMany({ where: { cadreId: heId } })
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(code)
    expect(JSON.stringify(await t.desk.db.auditEntry.findMany({ where: { action: 'chatlink.code_issued' } }))).not.toContain(code)
  })

  it('links the contact that sends it, once: the cadre is found by contact and the contact by cadre, on the audit trail', async () => {
    const { code } = await issueCadreBindCode(t.desk, heId)
    // Typed as people type it: lower case, a space in the middle.
    expect(await redeem('wxid_he', `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`)).toEqual({ cadreId: heId, displayName: '何家豪' })
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_he' })).toBe(heId)
    expect(await contactOfCadre(t.desk.db, { cadreId: heId, channel })).toBe('wxid_he')
    expect(await redeem('wxid_someone_else', code)).toBeNull()
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_someone_else' })).toBeNull()
    const entry = await t.desk.db.auditEntry.findFirstOrThrow({ where: { action: 'chatlink.linked' }, include: { account: true } })
    expect(entry.account?.login).toBe('he.jh')
    expect(entry.data).not.toContain('wxid_he')
  })

  it('expires after ten minutes, and a new one replaces the one before', async () => {
    const first = await issueCadreBindCode(t.desk, linId)
    const second = await issueCadreBindCode(t.desk, linId)
    expect(await redeem('wxid_lin', first.code)).toBeNull()
    expect(await redeem('wxid_lin', second.code, new Date(second.expiresAt.getTime() + 1000))).toBeNull()
    expect(await redeem('wxid_lin', second.code, new Date(second.expiresAt.getTime() - 60_000))).toMatchObject({ cadreId: linId, displayName: demoUnion.cadres.nanshanWageA })
  })

  it('stops a contact after five wrong codes, even the right one, and leaves other contacts alone', async () => {
    expect(WRONG_BIND_CODE_WINDOWS[0].points).toBe(5)
    const { code } = await issueCadreBindCode(t.desk, linId)
    for (let i = 0; i < 4; i++) expect(await redeem('wxid_guesser', 'ABCD2345')).toBeNull()
    expect(await t.desk.db.auditEntry.count({ where: { action: 'chatlink.locked' } })).toBe(0)
    expect(await redeem('wxid_guesser', 'hello')).toBeNull() // the fifth, not even a code's shape
    expect(await t.desk.db.auditEntry.count({ where: { action: 'chatlink.locked' } })).toBe(1)
    expect(await redeem('wxid_guesser', code)).toBeNull()
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_guesser' })).toBeNull()
    // The code was not used up by the refused attempt: its cadre's own WeChat still links with it.
    expect(await redeem('wxid_lin_new', code)).toMatchObject({ cadreId: linId })
  })

  it('moves a link: a cadre’s new WeChat replaces the old, and a contact linked to another cadre moves to this one', async () => {
    const { code } = await issueCadreBindCode(t.desk, linId)
    expect(await redeem('wxid_he', code)).toMatchObject({ cadreId: linId })
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_he' })).toBe(linId)
    expect(await contactOfCadre(t.desk.db, { cadreId: heId, channel })).toBeNull()
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_lin_new' })).toBeNull()
    expect(await t.desk.db.cadreChatLink.count({ where: { cadreId: linId } })).toBe(1)
  })

  it('is refused for a cadre who has left, and a departed cadre is nobody’s contact', async () => {
    const again = await issueCadreBindCode(t.desk, heId)
    expect(await redeem('wxid_he2', again.code)).toMatchObject({ cadreId: heId })
    await t.desk.db.cadre.update({ where: { id: heId }, data: { active: false } })
    try {
      expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_he2' })).toBeNull()
      expect(await contactOfCadre(t.desk.db, { cadreId: heId, channel })).toBeNull()
      await expect(issueCadreBindCode(t.desk, heId)).rejects.toMatchObject({ code: 'cadre_not_found' })
    } finally {
      await t.desk.db.cadre.update({ where: { id: heId }, data: { active: true } })
    }
  })

  it('ends with unlinking, on the audit trail', async () => {
    expect(await cadreLinks(t.desk.db, heId)).toEqual([{ channel, boundAt: expect.any(Date) }])
    expect(await unlinkCadre(t.desk, heId, { accountId: null, channel })).toBe(true)
    expect(await unlinkCadre(t.desk, heId, { accountId: null, channel })).toBe(false)
    expect(await cadreByContact(t.desk.db, { channel, contactId: 'wxid_he2' })).toBeNull()
    expect(await t.desk.db.auditEntry.count({ where: { action: 'chatlink.unlinked' } })).toBe(1)
  })
})
