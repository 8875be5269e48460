import type { Channel } from '../../channels/types.ts'
import type { Db } from '../../db/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import { may } from '../accounts/index.ts'
import { audit } from '../audit-trail.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'

/**
 * The WeChat groups the bot is in. The bot records each group it hears from (seenGroup); a
 * unit admin binds a group to a unit of their subtree (an enterprise's workers' group → that
 * enterprise's union), and a ticket opened from the group goes there: the bot passes the
 * group's unit code as the message's orgHint (groupUnit), which intake's unitFromHint takes
 * by exact code before any name.
 */

/** Who binds: a console account, with its role and the subtree it may bind groups into. */
export type GroupActor = { accountId: string; role: string; unitPath: string }

export type ChatGroupView = {
  id: string
  channel: string
  topic: string
  firstSeenAt: Date
  lastSeenAt: Date
  boundAt: Date | null
  unit: { id: string; code: string; name: string } | null
}

/** A group's name is shown to admins only; kept short and on one line. */
const TOPIC_MAX = 100
const cleanTopic = (topic: string) => topic.replace(/\s+/g, ' ').trim().slice(0, TOPIC_MAX)

/** The unit a group is bound to, or null while nobody has bound it (or the bot never saw it). */
export async function groupUnit(db: Db, g: { channel: Channel; groupId: string }): Promise<{ orgUnitId: string; unitCode: string } | null> {
  const group = await db.chatGroup.findUnique({ where: { channel_groupId: g }, select: { orgUnit: { select: { id: true, code: true } } } })
  return group?.orgUnit ? { orgUnitId: group.orgUnit.id, unitCode: group.orgUnit.code } : null
}

/** The bot heard from a group: recorded on first sight, its name and last-seen time kept fresh. */
export async function seenGroup(db: Db, g: { channel: Channel; groupId: string; topic: string; at: Date }): Promise<void> {
  const where = { channel_groupId: { channel: g.channel, groupId: g.groupId } }
  const topic = cleanTopic(g.topic)
  const update = { topic, lastSeenAt: g.at }
  try {
    await db.chatGroup.upsert({ where, create: { channel: g.channel, groupId: g.groupId, topic, firstSeenAt: g.at, lastSeenAt: g.at }, update })
  } catch (err) {
    // Two messages of a new group at once: the other one created it.
    if (!isUniqueViolation(err)) throw err
    await db.chatGroup.update({ where, data: update })
  }
}

/**
 * The groups a unit admin sees: those bound to a unit of their subtree, and those nobody has
 * bound yet (the bot's new groups, for whichever admin knows whose they are). Unbound first,
 * then the most recently heard from.
 */
export async function listGroups(db: Db, scope: { unitPath: string }): Promise<ChatGroupView[]> {
  const rows = await db.chatGroup.findMany({
    where: { OR: [{ orgUnitId: null }, { orgUnit: { path: { startsWith: scope.unitPath } } }] },
    include: { orgUnit: { select: { id: true, code: true, name: true } } },
    orderBy: { lastSeenAt: 'desc' },
    take: 500,
  })
  const views = rows.map((r) => ({ id: r.id, channel: r.channel, topic: r.topic, firstSeenAt: r.firstSeenAt, lastSeenAt: r.lastSeenAt, boundAt: r.boundAt, unit: r.orgUnit }))
  return [...views.filter((v) => !v.unit), ...views.filter((v) => v.unit)]
}

const notAllowed = () => new DeskError('not_allowed', 'Only a unit admin binds WeChat groups to units.')
const groupNotFound = (id: string) => new DeskError('chat_group_not_found', `No WeChat group ${id} that you may change: it is bound to a unit outside your subtree, or the bot has not seen it.`)

/** A group this actor may change: unbound, or bound within their subtree. */
const changeable = (actor: GroupActor, chatGroupId: string) => ({
  id: chatGroupId,
  OR: [{ orgUnitId: null }, { orgUnit: { path: { startsWith: actor.unitPath } } }],
})

/**
 * A unit admin binds a group to a unit of their subtree (or moves it to another one there).
 * A group bound by an admin of another subtree is not theirs to take: not found.
 */
export async function bindGroup(desk: Pick<Desk, 'db' | 'now'>, actor: GroupActor, input: { chatGroupId: string; orgUnitId: string }) {
  if (!may(actor.role, 'administer')) throw notAllowed()
  const at = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const unit = await tx.orgUnit.findFirst({ where: { id: input.orgUnitId, path: { startsWith: actor.unitPath } }, select: { id: true, code: true, name: true } })
    if (!unit) throw new DeskError('unit_not_found', 'Bind a group to your own unit or one below it.')
    const before = await tx.chatGroup.findFirst({ where: changeable(actor, input.chatGroupId), select: { orgUnit: { select: { code: true } } } })
    // The same condition on the write: an admin of another subtree who bound it a moment ago keeps it.
    const { count } = await tx.chatGroup.updateMany({ where: changeable(actor, input.chatGroupId), data: { orgUnitId: unit.id, boundById: actor.accountId, boundAt: at } })
    if (!before || count !== 1) throw groupNotFound(input.chatGroupId)
    await audit(tx, { accountId: actor.accountId, action: 'chatgroup.bound', data: { chatGroupId: input.chatGroupId, unit: unit.code, ...(before.orgUnit ? { from: before.orgUnit.code } : {}) }, at })
    return unit
  })
}

/** A unit admin unbinds a group of their subtree: its messages are routed as any chat's again. */
export async function unbindGroup(desk: Pick<Desk, 'db' | 'now'>, actor: GroupActor, input: { chatGroupId: string }): Promise<void> {
  if (!may(actor.role, 'administer')) throw notAllowed()
  const at = desk.now()
  await inTransaction(desk.db, async (tx) => {
    const bound = { id: input.chatGroupId, orgUnit: { path: { startsWith: actor.unitPath } } }
    const before = await tx.chatGroup.findFirst({ where: bound, select: { orgUnit: { select: { code: true } } } })
    const { count } = await tx.chatGroup.updateMany({ where: bound, data: { orgUnitId: null, boundById: null, boundAt: null } })
    if (!before?.orgUnit || count !== 1) throw groupNotFound(input.chatGroupId)
    await audit(tx, { accountId: actor.accountId, action: 'chatgroup.unbound', data: { chatGroupId: input.chatGroupId, from: before.orgUnit.code }, at })
  })
}
