import type { Context } from 'hono'

/**
 * Post/redirect/get: a console action that worked answers 303 to the page it was done on,
 * with `?done=<what>`; that page says so once it is loaded. Reloading it loads it again and
 * posts nothing. The flag names one of these sentences and nothing else, so an address can
 * never make a page say something the desk did not write.
 */
const sentences = {
  replied: '答复已发出。',
  asked: '问题已发给职工，等回复期间暂停计时。',
  closed: '已办结，职工会收到评价邀请。',
  noted: '备注已保存。',
  reclassified: '类别已更正。',
  reassigned: '已转交。',
  moved: '已转交，工单也转到了接手干部所在的单位。',
  related: '已关联，两件工单的经过里都记下了。',
  linked: '已关联到职工档案。',
  recorded: '回访结果已记下。',
  followup: '回访结果已记下，并为职工开了这件新工单，请跟进。',
  groupBound: '绑好了。这个群里的求助，以后交给所选单位的干部办理。',
  groupUnbound: '已解除绑定。这个群里的求助按一般规则分派。',
  wechatUnlinked: '已解除绑定。机器人不再给您发提醒，您也不能再用这个微信答复工单。',
} as const
export type Done = keyof typeof sentences

/** 303 to `path` (a console page), saying `done` there. */
export const doneAt = (c: Context, path: string, done: Done) => c.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${done}`, 303)

/** What the page should say was just done, if the address says so. */
export const doneSentence = (c: Context): string | undefined => {
  const done = c.req.query('done') ?? ''
  return Object.hasOwn(sentences, done) ? sentences[done as Done] : undefined
}
