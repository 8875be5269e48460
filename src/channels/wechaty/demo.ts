import { PuppetMock, mock } from 'wechaty-puppet-mock'

/**
 * The documented demo mode (WECHATY_PUPPET=wechaty-puppet-mock): no WeChat at all. A mock
 * puppet shows a login QR code, "scans" it after a few seconds, logs in as 娘家演示号, and a
 * made-up worker (演示职工) asks for help one-to-one; what the bot answers is printed, so
 * one can watch the whole path (intake, ticket, the bot's queue and its pace) on one machine.
 * Everything here is invented; nothing reaches a network.
 */
export function demoPuppet(print: (line: string) => void): () => PuppetMock {
  return () => {
    const mocker = new mock.Mocker()
    const puppet = new PuppetMock({ mocker })
    const self = mocker.createContact({ name: '娘家演示号' })
    const worker = mocker.createContact({ name: '演示职工' })
    puppet.on('message', ({ messageId }) => {
      const payload = mocker.messagePayload(messageId)
      if (payload.talkerId === self.id) print(`  （演示）机器人号发给演示职工：${payload.text ?? ''}`)
    })
    puppet.once('start', () => {
      setTimeout(() => mocker.scan('https://login.weixin.qq.com/l/niangjia-demo'), 500).unref()
      setTimeout(() => {
        mocker.login(self)
        print('  （演示）已“扫码”登录；演示职工发来：老板拖欠我们三个月工资了')
        setTimeout(() => worker.say('老板拖欠我们三个月工资了').to(self), 1000).unref()
      }, 3000).unref()
    })
    return puppet
  }
}
