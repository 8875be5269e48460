import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { createPrisma } from '../../src/db/client.ts'
import { migrationState } from '../../src/db/migrate.ts'
import { startDesk } from '../../src/node/start.ts'
import { freshDatabase } from '../support/database.ts'
import { admin, eventually, json, startTestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'
import { startWorkerRole } from '../support/role-process.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

describe('process roles', () => {
  it('web answers HTTP and stages jobs; a separate worker process runs them; each stops on its own', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const web = await startTestDesk({ redisUrl: redis.url, role: 'web' })
    cleanup.push(() => web.close())
    expect(web.role).toBe('web')

    const opened = await web.app.request('/api/messages', json({ text: '公司拖欠我两个月工资', clientMessageId: 'roles-0001' }))
    expect(opened.status).toBe(201)
    const { ticketNumber } = (await opened.json()) as { ticketNumber: string }
    const reply = await web.app.request(`/api/tickets/${ticketNumber}/replies`, json({ text: '您好，请把工资条拍照发给我们。' }, admin))
    const { deliveryId } = (await reply.json()) as { deliveryId: string }

    // The web role enqueued the send but runs no workers: it waits in Redis.
    const job = await web.desk.queues.outbound.getJob(`out-${deliveryId}`)
    expect(await job?.getState()).toBe('waiting')
    expect((await web.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).status).toBe('pending')

    const worker = await startWorkerRole(web)
    const delivered = await eventually(async () => {
      const d = await web.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.status === 'sent' ? d : null
    })
    expect(delivered.via).toBe('portal_inbox')
    // The web role put the new ticket's SLA timers on Redis itself, after its commit.
    const ticket = await web.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
    expect(await (await web.desk.queues.sla.getJob(`sla-${ticket.id}-resolution-50`))?.getState()).toBe('delayed')
    expect(await worker.stop()).toBe(0)
  })

  it('web and worker roles refuse to start without a shared Redis, saying what to set', async () => {
    const config = loadConfig({ DATA_DIR: '/tmp/niangjia-roles-no-redis', ADMIN_TOKEN: 'roles-admin-token-0123456789', DATA_ENCRYPTION_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' })
    await expect(startDesk(config, { role: 'worker' })).rejects.toThrow(/set REDIS_URL/)
    await expect(startDesk(config, { role: 'web' })).rejects.toThrow(/set REDIS_URL/)
  })

  it('web and worker roles refuse a database that lacks a migration, and name it', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const database = await freshDatabase()
    cleanup.push(() => database.drop())
    const db = createPrisma(database.url)
    const [latest] = await db.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1')
    // As if this release brought the migration and nobody ran `npm run db:migrate` yet.
    await db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${latest!.migration_name}'`)
    await db.$disconnect()
    const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-roles-migrate-'))
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: database.url, ADMIN_TOKEN: 'roles-admin-token-0123456789', DATA_ENCRYPTION_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' })
    const named = new RegExp(`not applied migration ${latest!.migration_name}.*npm run db:migrate`)
    await expect(startDesk(config, { role: 'web', redisUrl: redis.url })).rejects.toThrow(named)
    await expect(startDesk(config, { role: 'worker', redisUrl: redis.url })).rejects.toThrow(named)
    expect((await migrationState(database.url)).pending).toEqual([latest!.migration_name])
  })
})
