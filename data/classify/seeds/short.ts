// Very short messages, as workers often send them. Two groups per label so that the
// split by group can put one in held-out and keep one for training.
import { type Seed, g } from './seed.ts'

const few = (id: string, label: Seed['label'], urgent: boolean, texts: string[]) => g(id, label, urgent, texts, texts.length + 2)

export const short: Seed[] = [
  few('sh-wa-1', 'wage_arrears', false, ['讨工资', '欠工资', '要工钱', '工资呢', '没发钱', '讨薪']),
  few('sh-wa-2', 'wage_arrears', false, ['欠薪了', '工资没发', '拖工资', '不发工资', '没出粮', '欠我钱']),
  few('sh-la-1', 'legal_aid', false, ['工伤', '被开除', '没签合同', '要赔偿', '仲裁']),
  few('sh-la-2', 'legal_aid', false, ['社保没交', '被辞退', '找律师', '维权', '被炒了']),
  few('sh-js-1', 'job_seeking', false, ['找工作', '求职', '招工吗', '要人吗', '有活吗']),
  few('sh-js-2', 'job_seeking', false, ['找活干', '想上班', '招聘会', '学技术', '培训班']),
  few('sh-hs-1', 'hardship', false, ['求补助', '看不起病', '没钱治病', '学费不够', '困难补助']),
  few('sh-hs-2', 'hardship', false, ['大病救助', '助学金', '生活困难', '医疗互助', '帮扶证']),
  few('sh-ot-1', 'other', false, ['入会', '谢谢', '你好', '在吗', '建议']),
  few('sh-ot-2', 'other', false, ['会员卡', '收到', '好的', '活动', '多谢']),
  few('sh-u-1', 'other', true, ['救命', '救救我', '不想活了', '想自杀']),
  few('sh-u-2', 'legal_aid', true, ['着火了', '有人摔了', '出人命了', '塌方了']),
]
