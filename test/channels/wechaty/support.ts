import { PuppetMock, mock } from 'wechaty-puppet-mock'
import type { RunningDesk } from '../../../src/node/start.ts'
import { eventually } from '../../support/desk.ts'

/** What the bot account said, as the mock puppet carried it: to whom (a contact or a room), the text, whom it @mentioned, when. */
export type Sent = { to: string; room: boolean; text: string; mentions: string[]; at: number }

/**
 * A WeChat of our own for the bot: wechaty-puppet-mock's Mocker, the bot's account in it, and
 * every message the bot sent. `puppet` is what the desk's bot runtime builds its Wechaty with;
 * building it again (a restart, a second process) gives a fresh puppet on the same Mocker.
 */
export function mockWeChat(name = '娘家机器人') {
  const mocker = new mock.Mocker()
  const self = mocker.createContact({ name })
  const sent: Sent[] = []
  const puppets: PuppetMock[] = []
  const puppet = () => {
    const p = new PuppetMock({ mocker })
    p.on('message', ({ messageId }) => {
      const m = mocker.messagePayload(messageId) as { talkerId?: string; listenerId?: string; roomId?: string; text?: string; mentionIdList?: string[] }
      if (m.talkerId !== self.id) return
      sent.push({ to: m.roomId ?? m.listenerId ?? '', room: m.roomId !== undefined, text: m.text ?? '', mentions: m.mentionIdList ?? [], at: Date.now() })
    })
    puppets.push(p)
    return p
  }
  return {
    mocker, self, sent, puppet, puppets,
    contact: (contactName: string, friend = true) => mocker.createContact({ name: contactName, friend }),
    /** Logs the bot in once its runtime has started the puppet (the "scan"). */
    async login(desk: RunningDesk) {
      await eventually(async () => desk.bot?.wechaty() && puppets.length > 0 && (await Promise.resolve(true)), 10_000, 20)
      await eventually(async () => (puppets.at(-1)!.state.active() ? true : null), 10_000, 20)
      mocker.login(self)
      await eventually(async () => (desk.bot?.state() === 'logged_in' ? true : null), 10_000, 20)
    },
    sentTo: (id: string) => sent.filter((s) => s.to === id),
  }
}

/** Fast pace for tests that are not about the pace: the rules still run, with no waits worth waiting for. */
export const quickPace = { WECHATY_SPACING_MS: '0-0', WECHATY_PER_CONTACT_MS: '0', WECHATY_SEND_LIMIT: '100000/60', WECHATY_LEASE_MS: '1500' }

export const ticketNumberIn = (text: string) => /NJ-\d{6}-\d{4}/.exec(text)?.[0]
