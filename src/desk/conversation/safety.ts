import { toSimplified } from '../../text/script.ts'

/**
 * Is someone in danger now? Decides from the text alone whether the desk must answer at once
 * with safety guidance and start the 2-hour urgent path (DOMAIN.md). Pure and synchronous, so
 * intake can call it before the classifier, and it still answers when everything else is down.
 */
export type Danger = 'self_harm' | 'accident' | 'illness' | 'violence' | 'protest'
/** cue: a short Chinese label a cadre can read (e.g. '疑似轻生念头：告别、托付家人'), never the worker's words. */
export type SafetyAssessment = { urgent: boolean; danger: Danger | null; cue: string | null }

// Patterns run on the message with spaces and punctuation removed, so `.{0,6}` reads "within six characters".
/** What a cadre is told (label), the phrasings that show it, and what explains them away (unless). */
type Signal = { label: string; zh: string[]; en?: string[]; cap?: number; unless?: RegExp; fallback?: boolean }

// Moving on (a new factory, going home, resigning) explains a farewell, a last day, things given
// away and leaving with the children; a deadline explains "明天就是最后一天".
const LEAVING = /辞职|离职|辞工|不干了|换个?(厂|工作|地方)|去别的|别的厂|新厂|跳槽|回老家|搬家|搬走|去(深圳|广州|东莞|上海|北京|外地|南方)|找到新?(工作|活)|最后一(天|次)(上班|干活|打卡|来厂)|在厂里的?最后|交接|合同到期|退休|调走|\b(quit|resign|new job|moving)/
const DEADLINE = /申请|截止|期限|报名|考试|优惠|活动|交材料|仲裁|开庭/
// "不让走" after a resignation is a contract dispute, not confinement.
const RESIGNING = /辞职|离职|辞工|合同|干满|押金|手续|身份证|证件|交接/

// ---- Self-harm said outright: any one is enough (crisis lines: take every mention seriously).
const SELF_HARM_STRONG: Signal[] = [
  { label: '直说不想活', zh: [
      '不想再?活', '想去?死', '我去死', '寻死', '寻短见', '轻生', '自杀', '自尽', '自残', '伤害自己', '结束(自己|我)的?(生命|性命)', '结束这一切', '一了百了', '一死了之', '死了算了', '死了就(好|解脱|不用)',
      '不如(去)?死', '死给(他|你|老板)们?看', '以死(明志|相逼|抗争)', '(了断|了结)(自己|此生|生命)', '自我了断', '(?<![做有一个])了断(?!了?这)', '把自己.{0,2}(了结|了断|结束)', '遗书', '遗言', '活够了',
      '没脸再?活', '不[想要]再?醒(过来|来)', '一睡不醒', '不该活(在世上|着)', '(不如|想).{0,2}消失', '消失算了', '这条命(不值钱|不要了)', '命都不要了', '我死了.{0,8}[就才]', '就当没[生养]过我', '当我没来过',
      '一觉睡过去(?!了?醒|到)', '怎么死(?!的)', '死了?才不(会)?痛', '死在(他|你|老板|厂|公司|这|你们)', '唔想(生存|活)', '(我(?!们)|自己).{0,4}活不下去',
    ],
    en: ['kill(ing)? myself', 'suicid', 'end (it all|my life)', 'take my (own )?life', 'wan(t to|na) die', "don'?t want to (live|be alive)", '(no|any) (point|reason) (in )?(living|to live|going on|to keep going)'] },
  { label: '提到轻生方式', zh: [
      '跳楼', '跳(河|江|海|湖|桥|崖)', '跳下去', '往下跳', '卧轨', '(楼|窗|天台|楼顶|桥).{0,14}就(下去|跳)', '买了?.{0,3}(敌敌畏|百草枯)', '(药|农药|百草枯|敌敌畏).{0,6}喝下去',
      '(我|就)跳(?![槽舞绳远高过起出进水])', '吃药走', '(准备|想|要|打算)喝药', '点了自己', '自焚', '(浇|泼|拿着).{0,3}汽油', '(喝|吃|吞|服)了?.{0,3}(农药|敌敌畏|百草枯|老鼠药|耗子药)', '(点|烧).{0,2}炭',
      '炭.{0,2}点[上着]', '吞了?.{0,4}安眠药', '(喝|吃|吞|服)了?(一整|一大|整|好几|一)[瓶把盒].{0,3}安眠药', '(喝|吃|吞|服)了?(一整|一大|整|好几)[瓶把盒]药', '(农药|敌敌畏|百草枯).{0,4}(买好|准备|备好|放在)',
      '(攒|囤)了?.{0,4}安眠药', '安眠药.{0,3}(攒|囤|一整?瓶|一大把|全吃|买好|准备好)', '(?<!(孩子|娃|妈|爸|老人|老婆|老公|他|她)的?.{0,2})药(已经|都)买好了', '烧炭', '开煤气', '割(腕|脉)', '上吊', '吊死',
      '绳子.{0,4}(买好|准备好|挂好|系好)', '爬(上|到)了?(楼顶|天台|塔吊|顶楼|高架|桥上|吊车|广告牌)', '(站|企)(在|喺).{0,6}(楼顶|天台|窗台|桥上|桥边|河边|江边|天台边|顶楼)',
      '(江边|河边|海边|桥上|楼顶|天台).{0,6}不想回(去|来)', '(楼顶|天台|塔吊|顶楼)上?.{0,12}不下(去|来)',
    ],
    en: ['jump(ing)? off', 'hang myself', 'overdose', 'slit my wrist'] },
  // The gravest shape. "一起走" followed by a place is only travel.
  { label: '要带家人一起走', unless: LEAVING, zh: [
      '(带着?|抱着|领着|和|跟)(我的)?(两个|俩|三个)?(孩子|娃|儿子|女儿|老婆|全家|一家).{0,4}一起(走(?![去回到])|去死|死|跳|去了|上路|解脱)',
      '(娘俩|娘仨|娘儿俩|母子|母女|父子|父女|爷俩|全家|一家人|一家[三四五]口)一起(走(?![去回到])|去死|死|跳|去了|上路|解脱)',
    ],
    en: ['take (my|the) (kids|children) with me'] },
  { label: '诀别的话', zh: ['下辈子', '来世', '来生', '永别'], en: ['when i\'?m gone'] },
  { label: '觉得自己是负担', unless: LEAVING, zh: [
      '(没有我|我不在了?|我走了|我死了)(以后|之后)?.{0,8}(更好|轻松|好过|省心|解脱|不用.{0,3}(为|替|操心|发愁|受))',
    ], en: ['better off without me'] },
  // "I really can't go on" said of oneself; a factory or a job that can't go on is elsewhere.
  { label: '说自己撑不下去', unless: LEAVING, zh: ['我(是真的|真的|实在|再也|已经)+(撑|熬|坚持|扛)不(下去|住)'], en: ["i (really |just )?can'?t go on"] },
  { label: '说活着没意思', zh: ['活着(真|也|还|都)?(没|没有|有什么|有啥|没啥|没什么)(意思|意义|盼头|用)', '活着干(嘛|什么|啥)', '活着(也|就)是(浪费|受罪|多余|拖累|累赘)', '没有活下去的(理由|意义|必要)'],
    en: ['no point (in )?(living|life)', 'nothing to live for'] },
]

// ---- Self-harm said indirectly: each alone is also how people complain, apologise or take
// leave, so a message needs two (a farewell and a time, an apology and a burden). cap: how many
// matches of one signal count (an apology said twice is one apology; two entrustings are two).
// pairsWith: a companion sign, counted only beside one of those ("明天" or "保重" mean nothing alone).
type WeakSignal = Signal & { pairsWith?: string[] }
const ARRANGING = ['farewell', 'entrust', 'giveaway', 'last', 'letter']
const SELF_HARM_WEAK: Record<string, WeakSignal> = {
  farewell: { label: '告别', cap: 2, unless: LEAVING, zh: [
      '以后就?不会?再?麻烦(大家|你们|各位|你|工会|任何人|谁)了?', '谢谢(你们|大家|工会|各位)?.{0,6}这[些几]年', '这[些几]年.{0,6}(谢谢|感谢)', '这[些几]年(的|对我的)?照顾', '再见了(大家|各位)',
      '(别|不要|不用)(为|替)我(难过|伤心|哭)', '(以后|再也)(不用|别|不要)再?找我', '最后一次?(跟|和|给)(你们|大家)(说|聊|发)', '再也(见不到|回不去|看不到)', '你们(要)?好好(的|过|活)', '去(很远|一个很远)的地方',
      '别告诉(她|他|孩子|我妈|我爸|家里)', '谢谢.{0,6}(每一个人|所有人)', '下次.{0,2}(见不到|回不去)', '忘了我吧', '把我忘了',
    ],
    en: ['goodbye (everyone|all|guys)', 'farewell', 'this is goodbye'] },
  apology: { label: '道歉自责', cap: 1, zh: [
      '对不起(我的?)?(大家|你们|你|爸|妈|老婆|孩子|各位|工会|所有人|家里)', '对不住(大家|你们|家里)', '都是我的错', '原谅我', '(儿子|女儿|我)不孝', '没脸(见|回)', '我不配', '是我没用', '我(真|太|真的|就是|这么|好)没用',
      '我(就是|真是)个?废物',
    ],
    en: ['sorry for everything', 'forgive me', "it'?s all my fault", "i'?m useless"] },
  burden: { label: '觉得拖累别人', cap: 2, zh: ['拖累', '连累', '累赘', '(是|成了)(家里|大家|你们)的?负担', '我是多余的', '有我没我都一样'], en: ['(a|being a) burden'] },
  // A factory that "cannot hold on" is a business in trouble, not a person.
  hopeless: { label: '绝望撑不下去', cap: 2, zh: [
      '(?<!(厂|公司|店|生意|企业|老板|工地).{0,3})(撑|熬|坚持|扛)不(下去|住)了?', '没有?(盼头|希望|活路|出路)了?', '看不到(一点|任何)?(希望|出路|头)', '绝望', '走投无路', '生不如死', '活不下去', '没法活',
      '走了算了', '反正也?没人(管|在乎|心疼)', '没人在乎我', '这辈子就这样(吧|了)', '这辈子(都|也)?(还不上|完了|没指望)', '生无可恋', '不想再熬', '活着(好|太)累', '解脱', '想不开',
    ],
    en: ["can'?t (go on|take it anymore|do this anymore)", 'hopeless', 'no way out'] },
  entrust: { label: '托付家人', cap: 2, zh: [
      '以后.{0,4}照顾不了', '(替|帮)我照[顾看]好?我?(妈|爸|孩子|儿子|女儿|老婆|老人|家里|娃)?', '照顾好我(家|的)?(妈|爸|孩子|儿子|女儿|老婆|家里|老人)?',
      '(孩子|儿子|女儿|我妈|我爸|老婆|家里|娃)(以后|就)*(拜托|托付|交给)(你们|你|工会|大家|我妈|我爸|爷爷奶奶|外婆|老人|我姐|我哥)', '交代后事', '后事', '存折', '(银行)?卡的?密码', '密码是?\\d', '密码是', '以后就?都?麻烦(你们|大家)了',
      '(钱|工资|赔偿).{0,8}(转给|交给|给)我(妈|爸|老婆|爱人|家里|孩子)', '(麻烦|帮我|替我).{0,4}(转|交|带)给我(妈|爸|老婆|爱人|家里|孩子)',
    ],
    en: ['take care of my', 'look after my', 'tell my (mom|mother|wife|kids|family)'] },
  giveaway: { label: '交代财物', cap: 2, unless: LEAVING, zh: [
      '(东西|被子|衣服|手机|电饭锅|工具|铺盖|行李).{0,8}(都|全)?(送给|留给)', '[送留]给你们了?', '都送人了', '用不[上着到]了',
    ], en: ['give away my', 'you can have my'] },
  last: { label: '说是最后一天', cap: 1, unless: new RegExp(`${LEAVING.source}|${DEADLINE.source}|合同|下班`), zh: [
      '最后一[天晚夜]', '[就都]要?结束了',
    ], en: ['last (day|night)'] },
  letter: { label: '留了信或安排', cap: 2, unless: LEAVING, zh: [
      '(你们)?别劝我?了', '封.{0,3}(门窗|窗户|门缝)', '写好了?.{0,2}(信|遗书)', '留了?(一封)?信', '(明天|到时候|以后)你们就(知道|明白)了', '都(交代|安排)好了',
    ], en: ['(wrote|left) (a|my) (letter|note)'] },
  // A risky place is only where someone might go ("明天去江边钓鱼"), unless despair comes with it.
  place: { label: '提到危险地点', cap: 1, pairsWith: ['hopeless', 'burden', 'apology', 'farewell', 'entrust'], zh: [
      '(去|到|在|站在).{0,2}(河边|江边|海边|桥上|楼顶|天台|水库)',
    ], en: ['(at|on|to) the (bridge|roof|river)'] },
  // A time alone ("今晚加班") means nothing; beside a farewell or an arrangement it is a plan.
  time: { label: '说了时间', cap: 1, pairsWith: ARRANGING, zh: [
      '今晚', '今天晚上', '今夜', '明天', '明早', '明晚', '天亮', '等(他们|孩子|老婆|家里人|大家)睡着', '待会', '等会', '一会儿', '就这样吧',
    ], en: ['tonight', 'tomorrow'] },
  // A decision beside despair is a plan ("我想好了 … 我就解脱了"); beside a new job it is a career move.
  resolve: { label: '说已经想好', cap: 1, unless: LEAVING, pairsWith: [...ARRANGING, 'hopeless', 'burden', 'apology'], zh: [
      '决定了', '想好了', '想清楚了', '准备好了',
    ] },
  // Casual goodbyes ("我先走了", "大家保重") count only beside despair or an entrustment.
  goodbye: { label: '告别', cap: 1, pairsWith: ['hopeless', 'burden', 'apology', 'entrust', 'giveaway', 'farewell'], zh: [
      '我先(走|去)了', '我走了', '(你们|大家|各位)多?保重', '不(能)?(再)?陪你们了', '陪不了你们',
    ], en: ['bye'] },
}

// ---- Accidents, illness, violence and crowds: one sign is enough, if it is happening now.
const CRUSH = '(压|卷|绞|夹|轧|碾)(了|住|断|伤|到|进|烂|扁|碎)(?!.{0,4}(工资|钱|工钱|款|薪|跑))' // not 压工资, 卷钱跑了
const ACCIDENT: Signal[] = [
  { label: '高处坠落', zh: [
      '(?<!(价|价格|工资|提成|股票|成绩|单价|收入).{0,2})(摔|掉|栽|跌|坠)下(来|去)', '坠落', '从.{0,8}(摔|掉|栽|跌)', '有人(摔|掉|栽|跌)', '摔(断|伤|晕|昏)',
    ], en: ['fell (off|from|down)', 'fallen from'] },
  { label: '被机器压伤卷伤', zh: [
      `(?<!(工资|钱|工钱|款|薪).{0,2})[被叫给让俾遭].{0,6}${CRUSH}`, '把.{0,4}(工友|人|他|她|师傅)(碾|轧|撞|压|卷|绞)', '压(到|着|住)人', `(手|脚|腿|胳膊|手指|头|身子).{0,4}${CRUSH}`,
      '压在.{0,4}(下面|底下)', '卷进(去|机器)',
    ], en: ['crushed', 'caught in (the |a )?machine'] },
  { label: '被重物砸伤', zh: ['[被给].{0,6}砸(到|伤|中|晕)', '砸(到|伤|中)了?(头|人|腿|脚)'], en: ['hit by (a|the) falling'] },
  { label: '断肢', zh: ['(手指头?|手掌|手腕|脚趾|脚|腿|胳膊|手(?![机续艺里上头工套])).{0,6}(断了|切掉|切断|没了|掉了)', '骨头都?露出来'], en: ['cut off'] },
  { label: '被利器扎伤', zh: ['(扎|刺|戳)(穿|进)(了)?(腿|手|脚|肚子|身体|胸|肉)?'], en: ['impaled'] },
  { label: '有毒气体', zh: ['毒气', '(吸|闻)了?.{0,3}(毒气|气体|煤气)', '煤气泄漏', '一氧化碳'], en: ['gas leak'] },
  { label: '触电', zh: ['触电', '碰到高压线', '被电(打|到|击)', '电到了'], en: ['electrocuted', 'electric shock'] },
  { label: '烧伤烫伤', zh: ['烧伤', '烫伤', '炸伤', '(衣服|身上|头发).{0,3}(着火|烧着|点着)', '点着了?(衣服|头发)'], en: ['burned', 'burnt'] },
  { label: '爆炸起火', zh: ['爆炸', '(锅炉|罐|气瓶|煤气罐|设备|机器|反应釜|车间).{0,3}炸(了|开)', '起大?火', '着火', '火灾', '失火', '冒烟了'], en: ['explosion', 'on fire'] },
  { label: '坍塌掩埋或被困', zh: [
      '塌方', '塌(了|下来)', '(塔吊|吊车|脚手架|架子|墙|房子|棚).{0,2}倒了', '(钢丝绳|吊绳|吊车.{0,3}绳子?)断了', '被埋', '埋(在|住)(?![心肚])', '困在(电梯|井下|矿)', '(电梯|井下|矿井).{0,4}困住',
      '下去.{0,2}没上来', '透水',
    ], en: ['buried'] },
  { label: '被车撞', zh: ['被.{0,4}(车|叉车|铲车|货车)(撞|碾|轧)'], en: ['hit by a (car|truck|forklift)'] },
  { label: '大量出血', zh: [
      '流了?(很多|好多|一地|满地|不少|一身)血', '血流不止', '血止不住', '止不住血', '(在|还在|一直)流血', '流血了', '满身是血', '全是血', '大出血', '血(哗哗|直流|流个不停|一直流)',
    ], en: ['bleeding', 'lot of blood'] },
  { label: '出人命', zh: ['(?<![要会得])出人命了', '死人了', '出事故了'], en: ['someone (died|is dead)'] },
]
const ILLNESS: Signal[] = [
  { label: '突然晕倒', zh: [
      '晕倒', '晕过去', '昏倒', '昏过去', '昏迷', '不省人事', '倒地(不起|不动|了)', '倒在地上', '倒了(好几|[几两三四五六七八九十])个', '(然后|一下子|突然)就?倒(下|了|在)', '就倒下(去|了)', '[疼晕人]倒下了?',
      '一头栽(倒|在)', '休克', '突然(晕|昏|不动|倒下|倒地|倒在)',
    ], en: ['passed out', 'collapsed', 'fainted', 'unconscious'] },
  { label: '叫不醒没有呼吸', zh: [
      '叫不醒', '喊不醒', '一动不动', '[喊叫](他|她)?也?不(应|答应)', '然后就不(说话|动)了', '没有?呼吸', '没气了', '([叫喊]|人|现在|已经).{0,3}没有?反应',
    ], en: ['not breathing', 'unresponsive'] },
  { label: '心脏病发作', zh: ['心脏病(犯|发作|发)', '心梗', '心肌梗', '胸口(剧痛|疼得)'], en: ['heart attack'] },
  { label: '中风', zh: ['中风', '脑溢血', '脑出血', '脑梗', '半边身?子?动不了', '说不出话'], en: ['(had|having) a stroke'] },
  { label: '抽搐', zh: ['抽搐', '口吐白沫', '抽(起来|过去)了', '牙关紧[咬闭]', '翻白眼'], en: ['seizure'] },
  { label: '呼吸困难', zh: ['(?<!(压|压力|累|呛|闷|粉尘).{0,4})喘不(上|过)气', '呼吸困难', '吐血', '(嘴里|口).{0,2}冒血'], en: ["can'?t breathe"] },
  { label: '中暑中毒', zh: ['中暑', '中毒'], en: ['heatstroke', 'poisoned'] },
]
// "钱打我卡上", "打电话", "打算": most 打 in a wage message is not a blow.
const BLOW = '打(?!过|电话|卡|钱|款|工|官司|压|折|发|条|印|听|车|针|扰|招呼|包|扫|字|回|给|算|饭|游戏|麻将|开|扮|滑|水|球|牌|交道|零工|杂|理|量|探|入|进|到(我的?)?(卡|账|银行|手机)|我的?(电话|卡|手机|账))'
const VIOLENCE: Signal[] = [
  { label: '被殴打', zh: [
      `被.{0,10}${BLOW}`, '围着打', `还在${BLOW}`, `(老板|工头|包工头|保安|主管|组长|经理|他们|有人|老公|男人|丈夫|老婆|他|她).{0,6}${BLOW}(我|人|了我|伤|工人)`, `把我.{0,8}${BLOW}`, '动手打',
      '挨打', '殴打', '围殴', '暴打', '打架', '有人动手', '动手了', '掐(我|住我|脖子)', '家暴',
    ], en: ['beat (me|us|him|her) up', 'beaten', 'hit me', 'attack(ed|ing) (me|us)'] },
  { label: '有人持刀或凶器', zh: [
      '拿着?(刀|钢管|棍子|铁棍|砖头|斧头)', '持刀', '砍(人|我|伤)', '被捅', '捅(人|伤|我)', '要杀了?(我|人)', '[要说]弄死(我|人)',
    ], en: ['knife', 'stabbed', 'gun'] },
  { label: '被关押不让走', zh: [
      '被?[关锁](在|起来)(?!门外|外面)', '出不去', '被扣(押|留)', '软禁', '限制人身自由', '被困(?!在?(电梯|井|矿))', '困在(?!电梯|井|矿)',
    ], en: ['locked (us |me |them )?(in|up)', "won'?t let (us|me) (leave|go|out)", 'trapped'] },
  { label: '被威胁人身安全', zh: [
      '找人(收拾|打|弄|修理|教训)', '有人要害(我|她|他)', '不敢回(宿舍|家|去)', '(门口|外面).{0,3}守着', '躲在(卫生间|厕所|屋里|房间|柜子)',
    ], en: ["(threaten|threatened) to (kill|hurt|beat)"] },
  // A bare cry for help is danger now; "救救我们 三个月没发工资" is a plea, so only the bare cry counts.
  // A bare English "help" is the help command (帮助) far more often than a cry: "help me" counts.
  { label: '有人呼救', zh: ['^(救命|救救我|快来人|来人啊)+[啊呀吧]*$'], en: ['^help me$', '^help+ ?!+$'] },
  // Who is kept from leaving is not said: with a crowd around, it is usually the boss (protest).
  { label: '被关押不让走', unless: RESIGNING, fallback: true, zh: ['不[让准许](我们|我|人|他们)?(走|出门|出去|离开|出来)'] },
]
const PROTEST: Signal[] = [
  { label: '多人聚集', zh: [
      '(几十|十几|二十多|三十多|上百|一百多|两百多|几百|好多|很多|一群|一帮|全部|所有|全厂|全体)个?(工人|工友|人|农民工|师傅|员工|兄弟).{0,10}(堵(?!车)|围(住|着|堵|在)|聚集|静坐|坐在(门口|大门|厂门)|拉(横幅|条幅)|闹事|冲进|守在门口|不散|罢工)',
    ], en: ['(dozens of|\\d+) (workers|people) (are )?(blocking|surrounding|protesting)'] },
  { label: '堵门围堵', zh: [
      '在围堵', '围住了?(老板|办公室|厂门|大门|政府|工地)', '堵[在住着了](厂门|大门|公司门|老板|政府|路口|马路|办公室|门口)', '堵门', '堵路', '把.{0,8}(堵|围)[了上住]', '(往|去|到)[市区县省]?政府(去|门口)',
    ], en: ['block(ing)? the (gate|road|entrance)', 'surround(ing|ed) the (office|boss)'] },
  { label: '拉横幅静坐', zh: [
      '拉了?(横幅|条幅)', '静坐', '上访', '(上|在)高速', '钱.{0,6}(谁都|谁也|都|就|我们就)?(不|唔|别想)走', '集体(上访|停工|罢工)',
    ], en: ['protesting (at|outside|in front)', 'sit-in'] },
  { label: '可能发生冲突', zh: [
      '[要快]?打起来了?', '冲进(办公室|厂里|工地)', '场面(控制不住|失控)', '推(起来|搡)', '拉扯起来', '(起|发生)了?冲突', '情绪(很|非常|特别)?激动', '砸(车|东西|门|玻璃)',
    ], en: ['fight(ing)? (broke|breaking) out'] },
]

// A past event is a story; talk of a claim or of treatment (工伤, 医药费, 住院) means the emergency
// is over and the money is the question; a near miss or a "万一" hurt no one. Each steps aside
// when the message also says something is going on now ("上次就这样 刚才又从架子上摔下来").
const PAST = /去年|前年|上上?个?月|上周|上星期|上礼拜|上次|那次|那回|之前|以前|当时|那时候?|当年|[\d一两三四五六七八九十几半]+个?(年|月|星期|周)(前|以前)|曾经|出过事|受过伤|被打过|摔过|堵过|\b(last (year|month|week|time)|ago|used to)\b/
const SETTLED = /工伤|评了|没地方住|医保|保险|(中风|脑梗|受伤|摔伤|出事)以后|查出|确诊|医生说|瘫痪|后遗症|得了(脑梗|中风|心脏病|病)|干不了活|烧光|烧没了|借住|拿不出|交不起|凑不齐|先交|医.?费|住院|住着院|出院|医药费|药费|押金|报销|补助|救助|帮扶|认定|鉴定|伤残|理赔|病假|康复|复查|养伤/
const NEAR_MISS = /差点|差一点|险些|好在没|万一|假如|假设|以防|\b(almost|nearly)\b/
const NOW = /刚刚|马上|而家|仲喺|刚才|就在刚|刚(被|从|摔|掉|出事|晕|倒|发生|有人|砸|烧|炸|打|昏|触|压|卷)|正在|还在流|还在里面|里面还有人|现在没反应|还没醒|人还在|现在人|现在又|又来了|救命|快来|快点来|赶紧来|赶快来|快叫|120|救护车|急救|急诊|在抢救|抢救中|\b(just|right now|ambulance)\b/

// Figures of speech and other people's news, removed before reading: 累死了, 想死你们了, 死活不给,
// 跳楼价, 流血流汗, 新闻说有人跳楼.
const HYPERBOLE = /[累气笑急饿热冷烦闷困吓愁忙穷苦坑馋疼痛羡臭丑懒冻渴晒]死(了|人|我|你|他|她|啦|咯|的|掉|啊)?|想死的心都有|想死(你|您|大家|他|她|咱|俺|我了|我啦)|死活|[得的]要死|半死|要死要活|死(贵|沉|磕|扛|撑|犟|抠|皮赖脸|心眼|脑筋)|[打饿]死[我你]?也不|死了?都不|死老板|死工头|老不死|该死|找死|去死吧|不去死|救命(钱|稻草)|(新闻|报道|网上|视频)[上里]?[说看到讲]*有人.{0,4}(跳楼|自杀)|跳楼(价|甩卖|大甩卖|清仓)|流血流汗|流汗流血|血汗|气[得的]?我?(吐血|说不出话)|(头|脑袋|群)都?[要快]?炸[了掉]?/g
// Slips of typing and voice input, on the words that matter most.
const SLIPS: [RegExp, string][] = [[/跳搂/g, '跳楼'], [/安眠要/g, '安眠药'], [/农要/g, '农药'], [/割婉|割碗/g, '割腕'], [/不想或/g, '不想活']]

const HEAD: Record<Danger, string> = { self_harm: '疑似轻生念头', accident: '刚发生事故', illness: '突发疾病', violence: '人身危险', protest: '群体聚集正在发生' }

type Prepared = { zh: string; en: string; all: string }
type Compiled = { label: string; zh: RegExp; en: RegExp | null; cap: number; unless?: RegExp; fallback?: boolean }
const compile = (s: Signal): Compiled => ({
  label: s.label,
  zh: new RegExp(s.zh.join('|'), 'g'),
  en: s.en?.length ? new RegExp(`\\b(${s.en.join('|')})`, 'g') : null,
  cap: s.cap ?? 1,
  unless: s.unless,
  fallback: s.fallback,
})
/** How many times a signal shows (up to its cap); 0 when something in the message explains it. */
const hits = (c: Compiled, p: Prepared) =>
  c.unless?.test(p.all) ? 0 : Math.min(c.cap, [...p.zh.matchAll(c.zh)].length + (c.en ? [...p.en.matchAll(c.en)].length : 0))

const strong = SELF_HARM_STRONG.map(compile)
const weak: Record<string, Compiled> = Object.fromEntries(Object.entries(SELF_HARM_WEAK).map(([k, s]) => [k, compile(s)]))
// Order is precedence: a beating that bleeds is violence; someone hurt at a protest is an accident.
const others: [Exclude<Danger, 'self_harm'>, Compiled[]][] = [
  ['violence', VIOLENCE.map(compile)],
  ['accident', ACCIDENT.map(compile)],
  ['illness', ILLNESS.map(compile)],
  ['protest', PROTEST.map(compile)],
]

/** Half-width, Simplified, lower case. Chinese loses spaces, punctuation and emoji (workers use
 * none, or random ones); English keeps single spaces so word boundaries still work. */
function prepare(text: string): Prepared {
  let s = toSimplified(text.normalize('NFKC')).toLowerCase()
  for (const [re, to] of SLIPS) s = s.replace(re, to)
  const zh = s.replace(/[\s\p{P}\p{S}\p{Cf}\uFE0E\uFE0F]/gu, '').replace(HYPERBOLE, '·')
  const en = s.replace(/[^\p{L}\p{N}']+/gu, ' ').trim()
  return { zh, en, all: `${zh} ${en}` }
}

/** The labels of the self-harm signs found, or null when they do not add up to a risk. */
function selfHarm(p: Prepared): string[] | null {
  const said = strong.filter((c) => hits(c, p) > 0).map((c) => c.label)
  if (said.length) return said
  const found = new Map(Object.keys(weak).map((k) => [k, hits(weak[k]!, p)]))
  const labels: string[] = []
  let score = 0
  for (const [name, n] of found) {
    const partners = SELF_HARM_WEAK[name]!.pairsWith
    if (!n || (partners && !partners.some((k) => found.get(k)))) continue
    score += n
    labels.push(weak[name]!.label)
  }
  return score >= 2 ? labels : null
}

/** The first danger whose signs show and are not explained away; fallback signs only when no other does. */
function otherDanger(p: Prepared): [Exclude<Danger, 'self_harm'>, string[]] | null {
  const now = NOW.test(p.all)
  for (const fallback of [false, true]) {
    for (const [danger, signals] of others) {
      const found = signals.filter((c) => (fallback || !c.fallback) && hits(c, p) > 0).map((c) => c.label)
      if (!found.length) continue
      const body = danger === 'accident' || danger === 'illness'
      if (body && NEAR_MISS.test(p.all)) continue
      if ((PAST.test(p.all) || (danger !== 'protest' && SETTLED.test(p.all))) && !now) continue
      return [danger, found]
    }
  }
  return null
}

const urgent = (danger: Danger, labels: string[]): SafetyAssessment =>
  ({ urgent: true, danger, cue: `${HEAD[danger]}：${[...new Set(labels)].slice(0, 3).join('、')}` })

/**
 * Whether a worker's message is an emergency, and of which kind. Self-harm is read first and
 * wins: a worker threatening to jump over unpaid wages is a life at risk before a crowd.
 * @example assessSafety('以后不麻烦大家了 谢谢你们这些年照顾') // { urgent: true, danger: 'self_harm', cue: '疑似轻生念头：告别' }
 */
export function assessSafety(text: string): SafetyAssessment {
  const p = prepare(text)
  const self = selfHarm(p)
  if (self) return urgent('self_harm', self)
  const other = otherDanger(p)
  if (other) return urgent(other[0], other[1])
  return { urgent: false, danger: null, cue: null }
}
