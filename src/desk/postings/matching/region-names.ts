/**
 * How people name administrative divisions: 浙江 for 浙江省, 定海 for 定海区, 恩施 for
 * 恩施土家族苗族自治州. Data (Chinese names) with the rules that use them.
 */

/** Names of nationalities in autonomous names (…苗族侗族自治州), longest first. */
const nationalities = [
  '柯尔克孜', '哈萨克', '达斡尔', '鄂温克', '鄂伦春', '乌孜别克', '塔吉克', '塔塔尔', '俄罗斯',
  '土家', '布依', '朝鲜', '哈尼', '景颇', '傈僳', '蒙古', '纳西', '独龙', '普米', '拉祜', '仡佬',
  '毛南', '仫佬', '锡伯', '裕固', '保安', '东乡', '布朗', '阿昌', '德昂', '基诺', '门巴', '珞巴',
  '撒拉', '赫哲', '高山', '藏', '羌', '彝', '苗', '侗', '傣', '白', '壮', '回', '黎', '畲', '瑶',
  '满', '土', '怒', '佤', '水', '京', '各',
]
/** Written without 族 in some autonomous names (巴音郭楞蒙古自治州, 伊犁哈萨克自治州). */
const bareNationalities = ['柯尔克孜', '哈萨克', '塔吉克', '蒙古', '锡伯']
const nationalitySuffix = new RegExp(`(?:(?:${nationalities.join('|')})族|${bareNationalities.join('|')})$`)

const provinceSuffix = /(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$/
const localSuffix = /(?:自治州|自治县|自治旗|地区|林区|特区|新区|盟|市|区|县|旗)$/

/** The name without its unit word, as people say it: 浙江省 → 浙江, 定海区 → 定海; a name that would shrink below two characters is kept whole (沛县, 城区). */
export function shortName(name: string, level: 'province' | 'city' | 'county'): string {
  let s = name.replace(level === 'province' ? provinceSuffix : localSuffix, '')
  if (/自治/.test(name)) {
    for (let prev = ''; prev !== s && s.length > 2; ) {
      prev = s
      const next = s.replace(nationalitySuffix, '')
      if (next.length >= 2) s = next
    }
  }
  return s.length >= 2 ? s : name
}

/** Other names a few places go by. */
export const aliases: Readonly<Record<string, readonly string[]>> = {
  '150000': ['内蒙'],
  '220623': ['长白县'],
}

/**
 * Short names that are everyday words (合作, 比如, 南部, 资源, 港口, 公安, 光明, 市中心's 市中,
 * 阿里巴巴's 阿里, 长白班's 长白): these places count only under their full name (合作市,
 * 南部县), so a job text is not read as a place it never named.
 */
export const everydayShortNames: ReadonlySet<string> = new Set([
  '和平', '新华', '复兴', '振兴', '宏伟', '富裕', '方正', '向阳', '工农', '友谊', '友好', '前进',
  '东风', '新兴', '爱民', '红旗', '解放', '二七', '老城', '建安', '公安', '洞口', '中方', '凤凰',
  '会同', '资源', '港口', '东方', '南岸', '安居', '南部', '前锋', '比如', '武功', '延长', '清水',
  '安定', '合作', '城北', '城中', '城关', '城厢', '城东', '城西', '城南', '平安', '共和', '同心',
  '温泉', '光明', '高明', '市中', '市南', '市北', '上街', '通道', '大方', '兴业', '乐业', '康乐',
  '长安', '江南', '新城', '新市', '站前', '海港', '吉利', '龙门', '小店', '平房', '元宝', '回民',
  '钢城', '台前', '新会', '白银', '民乐', '大观', '光泽', '平和', '莲花', '万年', '天长', '定日',
  '定结', '尼玛', '博爱', '民权', '开化', '云霄', '江岸', '宝塔', '威信', '弥勒', '天心', '芙蓉',
  '海棠', '天涯', '太和', '灯塔', '丰满', '长子', '大名', '运河', '平定', '永和', '三元', '清流',
  '万安', '永新', '金台', '黄龙', '太白', '同仁', '白玉', '九龙', '名山', '石棉', '三门', '无为',
  '大通', '石门', '桃源', '七星', '铜鼓', '富民', '麒麟', '盘龙', '卫东', '文峰', '石龙', '阿里',
  '路南', '路北', '双桥', '加查', '安宁', '红塔', '新星', '白杨', '东兴', '永安', '长寿', '太平',
  '和顺', '新民', '安远', '正安', '永定', '青山', '长白',
])

/**
 * Names of one character before their unit word (城区, 郊区, 矿区, 东区): too plain to stand
 * alone, they count only after their city (阳泉郊区, 攀枝花东区).
 */
export const needsParent = (name: string): boolean => /^\p{Script=Han}区$/u.test(name)

/**
 * How well known a county-level place is among those sharing its name: districts of the
 * four municipalities, then of the sub-provincial cities, then of other provincial capitals
 * (whose city codes end in 01). 朝阳区 is Beijing's, 南山 Shenzhen's, 鼓楼 Nanjing's.
 */
export function renown(code: string): number {
  const province = code.slice(0, 2)
  const city = code.slice(0, 4)
  if (['11', '12', '31', '50'].includes(province)) return 3
  if (subProvincialCities.has(city)) return 2
  return city.endsWith('01') ? 1 : 0
}

const subProvincialCities = new Set([
  '2101', '2102', '2201', '2301', '3201', '3301', '3302', '3502', '3701', '3702', '4201', '4401',
  '4403', '5101', '6101',
])
