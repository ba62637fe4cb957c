// One dictionary, zh-CN first and English second: every message is a pair
// ['中文', 'English'] written side by side, so a key cannot exist in one
// language only by accident. The shell's words (app, common, roles and the
// registry's shared vocabulary) live here; each domain module adds its own under
// its name (addMessages), so a page writes t('eldercare.canteens.title').
// The choice of language is kept in localStorage under "mz.locale".
import { ref, computed } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import en from 'element-plus/es/locale/lang/en.mjs'

const STORAGE_KEY = 'mz.locale'
const LOCALES = ['zh-CN', 'en']

function initialLocale() {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    if (LOCALES.includes(v)) return v
  } catch { /* storage may be blocked */ }
  return 'zh-CN'
}

export const locale = ref(initialLocale())
export const elementLocale = computed(() => (locale.value === 'en' ? en : zhCn))
export const isEn = computed(() => locale.value === 'en')

// The words of the shell and of data every domain shows (roles, relations, sex,
// disability, registry flags, history fields).
const shell = {
  app: {
    title: ['广州市民政综合业务平台', 'Guangzhou Civil Affairs Platform'], short: ['民政业务平台', 'Civil Affairs'],
    subtitle: ['人口户籍 · 社会救助 · 养老服务 · 社会事务', 'Registry · Social assistance · Elderly care · Social affairs'],
    footer: ['广州市民政局 · 仅限授权工作人员使用，所有操作均记录审计', 'Guangzhou Civil Affairs Bureau · Authorized staff only; every action is audited'],
    // The seal on the brand and login pages is the character itself in both languages.
    emblem: ['民', '民'], bureau: ['广州市民政局', 'Guangzhou'],
  },
  common: {
    search: ['查询', 'Search'], reset: ['重置', 'Reset'], refresh: ['刷新', 'Refresh'], cancel: ['取消', 'Cancel'],
    confirm: ['确定', 'OK'], save: ['保存', 'Save'], submit: ['提交', 'Submit'], back: ['返回', 'Back'],
    edit: ['编辑', 'Edit'], add: ['新增', 'Add'], remove: ['移出', 'Remove'], close: ['关闭', 'Close'], view: ['查看', 'View'],
    actions: ['操作', 'Actions'], loading: ['加载中…', 'Loading…'], noData: ['暂无数据', 'No data'],
    empty: ['（空）', '(empty)'], total: ['共 {n} 条', '{n} in total'], yes: ['是', 'Yes'], no: ['否', 'No'],
    reason: ['原因', 'Reason'], reasonPh: ['请填写操作原因（至少 4 个字）', 'Reason for this action (at least 4 characters)'],
    reasonRequired: ['请填写操作原因', 'A reason is required'],
    reasonMin: ['原因至少 4 个字', 'The reason must have at least 4 characters'], confirmTitle: ['操作确认', 'Please confirm'],
    success: ['操作成功', 'Done'], retry: ['重试', 'Retry'], loadFailed: ['加载失败', 'Failed to load'], copy: ['复制', 'Copy'],
    copied: ['已复制', 'Copied'], persons: ['人', 'persons'], households: ['户', 'households'],
    unknown: ['未知', 'Unknown'], all: ['全部', 'All'], detail: ['详情', 'Details'], version: ['版本', 'Version'],
    noChange: ['未作任何修改', 'Nothing was changed'], required: ['必填', 'Required'], hide: ['隐藏', 'Hide'],
    exportXlsx: ['导出 Excel', 'Export to Excel'],
  },
  lang: {
    zh: ['中文', '中文'], en: ['English', 'English'], switch: ['语言', 'Language'],
    // The button shows the current language in itself; the items name each in itself.
    self: ['中文', 'English'], zhFull: ['中文（简体）', '中文（简体）'],
  },
  menu: { home: ['首页', 'Home'] },
  header: {
    logout: ['退出登录', 'Sign out'], scope: ['管辖范围', 'Scope'], logoutConfirm: ['确定退出登录吗？', 'Sign out now?'],
    loggedOut: ['已退出登录', 'Signed out'], menu: ['菜单', 'Menu'],
  },
  role: {
    city_admin: ['市级管理员', 'City administrator'], district_officer: ['区级民政干部', 'District officer'],
    street_caseworker: ['镇街经办人', 'Street caseworker'], community_worker: ['村居工作人员', 'Community worker'],
    service_provider: ['服务机构', 'Service provider'], auditor: ['审计员', 'Auditor'],
  },
  relation: {
    head: ['户主', 'Head'], spouse: ['配偶', 'Spouse'], child: ['子女', 'Child'], parent: ['父母', 'Parent'],
    grandchild: ['孙子女', 'Grandchild'], grandparent: ['祖父母', 'Grandparent'], sibling: ['兄弟姐妹', 'Sibling'],
    other: ['其他', 'Other'],
  },
  sex: {
    M: ['男', 'Male'], F: ['女', 'Female'], male: ['男', 'Male'], female: ['女', 'Female'],
  },
  disability: {
    visual: ['视力残疾', 'Visual'], hearing: ['听力残疾', 'Hearing'], speech: ['言语残疾', 'Speech'],
    physical: ['肢体残疾', 'Physical'], intellectual: ['智力残疾', 'Intellectual'], psychiatric: ['精神残疾', 'Psychiatric'],
    multiple: ['多重残疾', 'Multiple'], vision: ['视力残疾', 'Visual'], mental: ['精神残疾', 'Psychiatric'],
    grade: ['{n}级', 'Grade {n}'], numerals: ['零一二三四五六七八九', '0123456789'], none: ['无', 'None'],
  },
  // A person's fields, as every domain shows them.
  person: {
    searchTitle: ['人员查询', 'Person search'], name: ['姓名', 'Name'], idNumber: ['身份证号', 'ID number'],
    sex: ['性别', 'Sex'], birthDate: ['出生日期', 'Birth date'], age: ['年龄', 'Age'], division: ['所属区划', 'Division'],
    address: ['住址', 'Address'], phone: ['联系电话', 'Phone'], disabilityKind: ['残疾类别', 'Disability'],
    disabilityGrade: ['残疾等级', 'Disability grade'], deathDate: ['死亡日期', 'Date of death'], flags: ['标记', 'Flags'],
    household: ['所属家庭', 'Household'], relation: ['与户主关系', 'Relation to head'], status: ['状态', 'Status'],
    deceased: ['已故', 'Deceased'], alive: ['在册', 'Registered'], namePh: ['姓名（支持前缀）', 'Name (prefix)'],
    idPh: ['18 位身份证号', '18-character ID number'], divisionPh: ['选择行政区划', 'Choose a division'],
    idInvalid: ['请输入 18 位身份证号（最后一位可为 X）', 'Enter an 18-character ID number (last may be X)'],
    searchHint: ['可按姓名、身份证号或行政区划查询', 'Search by name, ID number or division'],
    noResult: ['未找到符合条件的人员', 'No person matches'], detailTitle: ['人员详情', 'Person'], basic: ['基本信息', 'Details'],
    reveal: ['查看完整身份证号', 'Show full ID number'], revealTitle: ['查看完整身份证号', 'Show the full ID number'],
    revealNotice: ['查看完整身份证号将记入审计日志，请如实填写查询原因。', 'Showing the full ID number is recorded in the audit log. State why you need it.'],
    revealReasons: ['常用原因', 'Common reasons'],
    // The reasons offered with one click, separated by "|".
    revealSuggestions: ['核对救助申请材料|家庭经济状况核对|入户走访核实身份|办理业务需核对证件', 'Checking application documents|Household economic verification|Home-visit identity check'], revealed: ['已显示完整号码（已记录审计）', 'Full number shown (audited)'],
    history: ['变更记录', 'History'], noHistory: ['暂无变更记录', 'No changes recorded'], editTitle: ['编辑人员信息', 'Edit person'],
    editNotice: ['所有修改均保留历史记录，并需填写修改原因。', 'Every change is kept in the history and needs a reason.'],
    conflict: ['该记录已被其他人修改（版本冲突），已重新加载最新数据，请核对后再次编辑。', 'Someone else changed this record (version conflict). The latest data has been loaded; please check and edit again.'],
    saved: ['人员信息已更新', 'Person updated'], nameRequired: ['请输入姓名', 'Please enter a name'],
    nameLen: ['姓名长度应为 2–50 个字符', 'A name has 2–50 characters'],
    phoneInvalid: ['请输入有效的手机号或固定电话', 'Enter a valid mobile or landline number'],
    gradeNeedsKind: ['填写残疾等级前请先选择残疾类别', 'Choose a disability kind before the grade'],
    kindNeedsGrade: ['请选择残疾等级', 'Choose the disability grade'],
    deathFuture: ['死亡日期不能晚于今天', 'The date of death cannot be in the future'],
    deathBeforeBirth: ['死亡日期不能早于出生日期', 'The date of death cannot precede birth'],
    noHousehold: ['未加入家庭', 'In no household'], years: ['{n} 岁', '{n} y'], changedBy: ['操作人', 'By'],
    changedAt: ['时间', 'At'], field: ['字段', 'Field'], oldValue: ['原值', 'Old'], newValue: ['新值', 'New'],
    notFound: ['人员不存在或不在您的管辖范围内', 'No such person in your scope'], changeDivision: ['变更区划', 'Change division'],
    keepDivision: ['不变更', 'Unchanged'], createdRecord: ['建立记录', 'Record created'],
  },
  login: {
    title: ['工作人员登录', 'Staff sign-in'], login: ['账号', 'Login'], password: ['密码', 'Password'],
    loginPh: ['请输入账号', 'Your login'], passwordPh: ['请输入密码', 'Your password'], submit: ['登 录', 'Sign in'],
    loginRequired: ['请输入账号', 'Please enter your login'], passwordRequired: ['请输入密码', 'Please enter your password'],
    expired: ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],
    notice: ['本系统仅供授权工作人员使用，登录及所有操作均记录审计。', 'For authorized staff only. Sign-ins and all actions are audited.'],
  },
  home: {
    // Chinese counts large numbers in 万 (10^4) and 亿 (10^8).
    wan: ['万', '万'], yi: ['亿', '亿'],
    welcome: ['您好，{name}', 'Hello, {name}'], personsTotal: ['登记人口', 'Registered persons'],
    householdsTotal: ['登记家庭', 'Registered households'], elderly: ['60 岁及以上', 'Aged 60 and over'],
    elderlyShare: ['占比 {p}', '{p} of all'], avgSize: ['平均户规模', 'Average household size'],
    avgSizeUnit: ['人/户', 'persons'], byDistrict: ['各区登记人口', 'Persons by district'],
    map: ['人口分布地图', 'Map of the registry'], mapNote: ['按登记人口着色，点击区查看社区和长者饭堂', 'Coloured by persons; click a district for its communities and canteens'],
    pyramid: ['人口年龄结构', 'Age pyramid'], bySize: ['家庭规模分布', 'Households by size'], male: ['男', 'Male'],
    female: ['女', 'Female'], sizeLabel: ['{n} 人户', '{n} pers.'], people: ['人数', 'Persons'],
    householdsCount: ['户数', 'Households'], ageBand: ['年龄组', 'Age band'],
    forbidden: ['当前角色无权查看统计数据', 'Your role may not see registry figures'],
  },
  // The district map (components/DistrictMap.vue).
  map: {
    backToCity: ['返回全市', 'Back to the city'], drillHint: ['查看{name}', 'Open {name}'],
    clickToDrill: ['点击查看该区', 'Click to open the district'], high: ['高', 'High'], low: ['低', 'Low'],
    point: { community: ['社区', 'Communities'], outside: ['未覆盖社区', 'Communities out of reach'], canteen: ['长者饭堂', 'Canteens'] },
  },
  flag: {
    full_time_student: ['全日制在校生', 'Full-time student'], in_prison: ['服刑在押', 'In prison'],
    in_rehab: ['强制隔离戒毒', 'Compulsory rehab'], compulsory_rehab: ['强制隔离戒毒', 'Compulsory rehab'],
    missing: ['宣告失踪', 'Declared missing'], declared_missing: ['宣告失踪', 'Declared missing'],
    religious_apart: ['宗教教职人员离家', 'Religious, living apart'], living_alone: ['独居', 'Living alone'],
    special_family: ['计生特殊家庭（含失独）', 'Special family (incl. lost only child)'], veteran: ['退役军人', 'Veteran'],
    empty_nest: ['空巢', 'Empty nest'],
    major_illness: ['重特大疾病', 'Major illness'], unemployed: ['失业', 'Unemployed'],
  },
  field: {
    name: ['姓名', 'Name'], address: ['住址', 'Address'], phone: ['联系电话', 'Phone'], division_code: ['所属区划', 'Division'],
    disability_kind: ['残疾类别', 'Disability'], disability_grade: ['残疾等级', 'Disability grade'],
    death_date: ['死亡日期', 'Date of death'], sex: ['性别', 'Sex'], birth_date: ['出生日期', 'Birth date'],
    id_number: ['身份证号', 'ID number'], member: ['成员', 'Member'], members: ['成员', 'Members'],
    relation: ['关系', 'Relation'], head: ['户主', 'Head'], household_id: ['所属家庭', 'Household'], flags: ['标记', 'Flags'],
    member_added: ['加入成员', 'Member added'], member_removed: ['移出成员', 'Member removed'], person_id: ['人员', 'Person'],
    hukou: ['户口性质', 'Hukou'], division: ['区划', 'Division'],
  },
  history: {
    personNo: ['人员 #{id}', 'Person #{id}'],
  },
  errors: {
    network: ['网络错误，无法连接服务器', 'Network error: the server cannot be reached'], forbidden: ['无权访问', 'Forbidden'],
    forbiddenText: ['您的角色无权访问此页面。', 'Your role may not open this page.'], notFound: ['页面不存在', 'Not found'],
    notFoundText: ['您访问的页面不存在。', 'This page does not exist.'], generic: ['操作失败', 'The operation failed'],
    csrf: ['会话校验失败，请刷新页面后重试', 'Session check failed; reload the page and try again'],
  },

}

const messages = { 'zh-CN': {}, en: {} }

// Splits a tree of ['中文', 'English'] pairs into the two dictionaries under
// `prefix` ('' for the shell). A pair without English shows the Chinese.
function addTree(tree, zh, enDict) {
  for (const [k, v] of Object.entries(tree)) {
    if (Array.isArray(v)) {
      zh[k] = v[0]
      enDict[k] = v.length > 1 ? v[1] : v[0]
    } else {
      addTree(v, (zh[k] = zh[k] || {}), (enDict[k] = enDict[k] || {}))
    }
  }
}

// A domain module's words, under its namespace: addMessages('eldercare', {...}).
export function addMessages(namespace, tree) {
  if (!namespace) throw new Error('addMessages: a namespace is required')
  addTree({ [namespace]: tree }, messages['zh-CN'], messages.en)
}
addTree(shell, messages['zh-CN'], messages.en)

// A dotted path into a dictionary; the last part may itself hold dots
// (audit actions such as "person.reveal_id"), so a group is walked first.
function lookupPath(dict, parts) {
  let cur = dict
  for (const part of parts) {
    if (cur == null || typeof cur !== 'object') return undefined
    cur = cur[part]
  }
  return cur
}

function lookup(dict, key) {
  const v = lookupPath(dict, key.split('.'))
  return typeof v === 'string' ? v : undefined
}

function format(s, params) {
  if (!params) return s
  return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : m))
}

export function t(key, params) {
  const s = lookup(messages[locale.value], key) ?? lookup(messages['zh-CN'], key) ?? key
  return format(s, params)
}

function lookupGroup(dict, group, value) {
  const g = lookupPath(dict, group.split('.'))
  return g && typeof g === 'object' && typeof g[value] === 'string' ? g[value] : undefined
}

// A value of a label group ('role', 'assistance.state', 'admin.action', ...);
// unknown values show as they are.
export function label(group, value) {
  if (value === null || value === undefined || value === '') return ''
  const v = String(value)
  return lookupGroup(messages[locale.value], group, v) ?? lookupGroup(messages['zh-CN'], group, v) ?? v
}

export function hasLabel(group, value) {
  return lookupGroup(messages['zh-CN'], group, String(value)) !== undefined
}

// The server sends some words in both languages as name_zh / name_en:
// loc(row, 'name') picks the one of the chosen language.
export function loc(obj, base) {
  if (!obj) return ''
  const zh = obj[`${base}_zh`]
  const enText = obj[`${base}_en`]
  return locale.value === 'en' ? (enText || zh || '') : (zh || enText || '')
}

export function setLocale(l) {
  locale.value = LOCALES.includes(l) ? l : 'zh-CN'
  try { localStorage.setItem(STORAGE_KEY, locale.value) } catch { /* ignore */ }
  applyDocument()
}

export function applyDocument() {
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'
  document.title = t('app.title')
}

export const ROLES = ['city_admin', 'district_officer', 'street_caseworker', 'community_worker', 'service_provider', 'auditor']
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other']
export const DISABILITY_KINDS = ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'psychiatric', 'multiple']
