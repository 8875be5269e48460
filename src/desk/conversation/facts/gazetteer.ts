/**
 * Place names workers write without 省/市/区/县/镇 (定海, 宁波北仑, 深圳南山). Names with a
 * suffix are found by the suffix anywhere in China; this list is for the bare ones: every
 * province, the cities and districts migrant workers most often name, and Zhoushan and
 * Ningbo, where the desk began (seed 001), down to towns.
 */

const provinces = '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门'

const cities = `
杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 永康 诸暨 慈溪 余姚 海宁 桐乡 乐清 瑞安 温岭 临海 玉环 上虞 嵊州 兰溪 建德 海盐 嘉善 德清 苍南 柯桥 萧山 余杭 临平 富阳 临安 桐庐 淳安 椒江 黄岩 路桥
南京 苏州 无锡 常州 南通 扬州 镇江 泰州 徐州 盐城 淮安 连云港 宿迁 昆山 江阴 张家港 常熟 太仓 吴江 宜兴 吴中 相城 姑苏
广州 深圳 东莞 佛山 珠海 惠州 江门 汕头 湛江 肇庆 茂名 清远 韶关 梅州 揭阳 潮州 阳江 河源 汕尾 云浮 顺德 禅城 番禺 花都 南沙 从化 增城 天河 越秀 海珠 荔湾
福田 罗湖 宝安 龙岗 龙华 坪山 盐田 前海 横岗 布吉 沙井 西乡 观澜 公明 松岗 石岩 坂田 虎门 厚街 塘厦 常平 樟木头 松山湖 大朗 寮步 凤岗 黄江 石碣 石龙
浦东 闵行 嘉定 松江 青浦 奉贤 崇明 徐汇 黄浦 静安 长宁 虹口 杨浦 临港 海淀 丰台 顺义 昌平 大兴 房山
武汉 长沙 郑州 成都 西安 合肥 南昌 福州 厦门 泉州 晋江 石狮 莆田 漳州 济南 青岛 烟台 潍坊 临沂 淄博 济宁 石家庄 保定 唐山 邯郸 太原 大同 沈阳 大连 长春 哈尔滨 呼和浩特 包头 南宁 柳州 桂林 贵阳 遵义 毕节 昆明 曲靖 兰州 天水 西宁 银川 乌鲁木齐 拉萨 海口 三亚
芜湖 阜阳 六安 安庆 蚌埠 亳州 宿州 信阳 南阳 周口 商丘 驻马店 洛阳 开封 新乡 宜昌 襄阳 荆州 孝感 黄冈 十堰 岳阳 衡阳 常德 邵阳 株洲 湘潭 赣州 九江 上饶 吉安 宜春 绵阳 南充 达州 宜宾 泸州 广安 宝鸡 咸阳 汉中
`

// Zhoushan (定海 普陀 岱山 嵊泗 and their towns) and Ningbo's districts.
const local = `
定海 普陀 岱山 嵊泗 沈家门 六横 金塘 朱家尖 虾峙 衢山 高亭 临城 盐仓 白泉 干览 马岙 岑港 北蝉 展茅 登步 勾山 螺门 东极 长涂 洋山 泗礁 昌国 环南 城东
北仑 镇海 鄞州 海曙 奉化 江东 大榭 梅山 宁海 象山
`

/**
 * Names that are also ordinary words (天台 is a rooftop, 长安 a car, 光明 light): a place only
 * after 在/到/去/来/住 or before 这边/那边/附近/一带, or as the whole answer to "where".
 */
const ambiguous = `
桃花 秀山 小沙 双桥 新城 东港 菜园 江北 长安 光明 白云 西湖 大鹏 金山 宝山 朝阳 南海 高明 中山 平湖 东城 西城 通州 南山 黄埔 天台 三门 江山 龙泉 东阳 仙居 长兴 安吉 新昌 平阳 永嘉 清溪 三水
`

const words = (s: string) => s.split(/\s+/).filter(Boolean)

export const knownPlaces: ReadonlySet<string> = new Set([...words(provinces), ...words(cities), ...words(local)])
const ambiguousPlaces: ReadonlySet<string> = new Set(words(ambiguous))

/** Longest first, so 张家港 is found before 张家 could be. */
export const placeNames: readonly string[] = [...knownPlaces, ...ambiguousPlaces].sort((a, b) => b.length - a.length)
