// Elderly-care pages: their words (zh-CN first, English second, following
// the shared locale), who may open which page, and small formatters.
import { locale } from '../../lib/i18n.js'
import { auth } from '../../lib/auth.js'

const STAFF = ['city_admin', 'district_officer', 'street_caseworker', 'community_worker']
export const EC_ACCESS = {
  any: [...STAFF, 'auditor', 'service_provider'],
  counter: [...STAFF, 'service_provider'],
  canteens: [...STAFF, 'auditor', 'service_provider'],
  staff: [...STAFF, 'auditor'],
  write: STAFF,
  office: ['city_admin', 'district_officer', 'street_caseworker'],
  params: ['city_admin', 'district_officer'],
}
export const ecCan = (area) => !!auth.user && EC_ACCESS[area].includes(auth.user.role)

const messages = {
  'zh-CN': {
    counter: {
      title: '长者饭堂前台', canteen: '当前饭堂', canteenPh: '请选择饭堂', noCanteen: '您的账号下没有可用的长者饭堂',
      input: '刷长者卡或输入身份证号', inputPh: '扫码枪刷卡，或输入 18 位身份证号后按回车', submit: '登记就餐',
      mode: '就餐方式', dine_in: '堂食', delivery: '送餐', slot: '餐次', auto: '自动', breakfast: '早餐', lunch: '午餐', dinner: '晚餐',
      pays: '长者应付', price: '餐标', subsidy: '政府补贴', city: '市级', district: '区级', town: '镇街',
      ok: '登记成功', fullPrice: '按原价登记', crossTown: '跨镇街就餐：镇街补贴不适用', crossDistrict: '跨区就餐：区、镇街补贴不适用',
      today: '今日就餐', meals: '就餐人次', subsidised: '补贴人次', collected: '实收', refresh: '刷新',
      time: '时间', name: '姓名', idMasked: '身份证号', tier: '补贴档次', paid: '自付', method: '方式',
      card: '刷卡', id_number: '身份证', empty: '今日暂无就餐记录', age: '{n} 岁', next: '请下一位长者',
    },
    tier: { hardship: '困难老人', age_high: '高龄老人', age_min: '60–79 岁', none: '无补贴' },
    category: {
      tekun_dispersed: '分散供养特困', tekun_centralized: '集中供养特困', dibao: '低保', low_income: '低收入',
      youfu: '优抚对象', special_family: '计生特殊家庭',
    },
    canteens: {
      title: '长者饭堂', add: '新增饭堂', name: '饭堂名称', provider: '运营机构', address: '地址', division: '所在社区',
      hours: '营业时间', capacity: '座位数', radius: '送餐半径（米）', status: '状态', open: '营业', closed: '停业',
      lat: '纬度', lon: '经度', created: '饭堂已登记', meals: '就餐记录', settlement: '月度结算', anomalies: '异常预警',
      day: '日期', month: '月份', compute: '计算结算', confirm: '确认结算', confirmed: '已确认', draft: '草稿',
      provisional: '当月尚未结束，结算为预估', subsidyTotal: '补贴合计', paidTotal: '长者自付', counter: '进入前台',
      kind: '类型', detail: '说明', refused: '拒绝登记', manyMeals: '单日多次就餐', afterDeath: '身故后仍有就餐',
      deceased: '已故人员', double_subsidy: '重复补贴', unknown_card: '无效卡', card_inactive: '已挂失/注销卡',
      noAnomaly: '本月暂无异常', providerAdd: '新增运营机构', providerName: '机构名称', linkUser: '关联前台账号',
      login: '账号', linked: '账号已关联', reason: '原因', backToList: '返回列表', settled: '结算已更新',
    },
    assess: {
      title: '老年人能力评估', due: '待复评名单', dueBy: '截至', person: '评估对象', open: '评估',
      searchPh: '输入身份证号查找老人', search: '查找', level: '能力等级', total: '总分', nextDue: '下次复评',
      reason: '原因', periodic: '定期复评', change: '状况变化', overdue: '已逾期', history: '评估记录',
      new: '新增评估', assessedOn: '评估日期', assessor: '评估员', assessor2: '第二评估员', location: '评估地点',
      purpose: '评估类型', initial: '首次评估', review: '复核', conditions: '调整情形', dementia: '确诊痴呆',
      psychiatric: '确诊精神疾病', risk: '近30天照护风险事件（次）', preview: '实时计分', baseLevel: '按总分',
      adjustments: '等级调整', save: '保存评估', saved: '评估已保存', reportChange: '报告状况变化',
      changeDesc: '变化情况', changeReported: '已登记，复评期限 {d}', never: '尚未评估', dims: '各维度得分',
      current: '当前状态', by: '评估员',
    },
    coverage: {
      title: '助餐服务覆盖', communities: '社区数', reachable: '服务圈内', outside: '服务圈外社区', canteens: '饭堂数',
      elders: '60岁以上老人', eldersOut: '圈外老人', nearest: '最近饭堂', walk: '步行距离', minutes: '步行分钟',
      reach: '服务圈', map: '覆盖分布', inReach: '圈内社区', outReach: '圈外社区', canteen: '饭堂',
    },
    params: {
      title: '养老服务参数', name: '参数', value: '取值', division: '适用区划', from: '生效日期', source: '依据',
      setBy: '设置人', add: '新增取值', city: '全市', saved: '参数已保存', history: '历次取值',
    },
    common: { yuan: '¥{v}', loadFailed: '加载失败', all: '全部' },
  },
  en: {
    counter: {
      title: 'Canteen counter', canteen: 'Canteen', canteenPh: 'Choose a canteen', noCanteen: 'No canteen is linked to your account',
      input: 'Scan the elder card or type the ID number', inputPh: 'Scan the card, or type an 18-digit ID number and press Enter', submit: 'Check in',
      mode: 'Mode', dine_in: 'Dine in', delivery: 'Delivery', slot: 'Meal', auto: 'Auto', breakfast: 'Breakfast', lunch: 'Lunch', dinner: 'Dinner',
      pays: 'Elder pays', price: 'Price', subsidy: 'Subsidy', city: 'City', district: 'District', town: 'Town',
      ok: 'Checked in', fullPrice: 'Serve at full price', crossTown: 'Eating in another town: no town share', crossDistrict: 'Eating in another district: no district or town share',
      today: 'Today', meals: 'Meals', subsidised: 'Subsidised', collected: 'Collected', refresh: 'Refresh',
      time: 'Time', name: 'Name', idMasked: 'ID number', tier: 'Tier', paid: 'Paid', method: 'By',
      card: 'Card', id_number: 'ID', empty: 'No meals yet today', age: '{n} years', next: 'Next, please',
    },
    tier: { hardship: 'Hardship', age_high: 'Very old', age_min: 'Aged 60-79', none: 'No subsidy' },
    category: {
      tekun_dispersed: 'Extreme poverty (dispersed)', tekun_centralized: 'Extreme poverty (in a home)', dibao: 'Dibao', low_income: 'Low income',
      youfu: 'Veterans/martyrs', special_family: 'Special family',
    },
    canteens: {
      title: 'Elderly canteens', add: 'New canteen', name: 'Name', provider: 'Operator', address: 'Address', division: 'Community',
      hours: 'Hours', capacity: 'Seats', radius: 'Delivery radius (m)', status: 'Status', open: 'Open', closed: 'Closed',
      lat: 'Latitude', lon: 'Longitude', created: 'Canteen registered', meals: 'Meals', settlement: 'Settlement', anomalies: 'Anomalies',
      day: 'Day', month: 'Month', compute: 'Compute', confirm: 'Confirm', confirmed: 'Confirmed', draft: 'Draft',
      provisional: 'The month is still running: figures are provisional', subsidyTotal: 'Subsidy', paidTotal: 'Paid by elders', counter: 'Open counter',
      kind: 'Kind', detail: 'Detail', refused: 'Refused', manyMeals: 'Many meals in a day', afterDeath: 'Meals after death',
      deceased: 'Deceased', double_subsidy: 'Double subsidy', unknown_card: 'Unknown card', card_inactive: 'Lost/cancelled card',
      noAnomaly: 'No anomalies this month', providerAdd: 'New operator', providerName: 'Operator name', linkUser: 'Link counter account',
      login: 'Login', linked: 'Account linked', reason: 'Reason', backToList: 'Back to the list', settled: 'Settlement updated',
    },
    assess: {
      title: 'Ability assessment', due: 'Re-assessments due', dueBy: 'Due by', person: 'Person', open: 'Assess',
      searchPh: 'Find an elder by ID number', search: 'Find', level: 'Level', total: 'Total', nextDue: 'Next due',
      reason: 'Reason', periodic: 'Periodic', change: 'Change reported', overdue: 'Overdue', history: 'Assessments',
      new: 'New assessment', assessedOn: 'Date', assessor: 'Assessor', assessor2: 'Second assessor', location: 'Place',
      purpose: 'Purpose', initial: 'Initial', review: 'Review', conditions: 'Adjustments', dementia: 'Diagnosed dementia',
      psychiatric: 'Diagnosed psychiatric illness', risk: 'Care-risk events in 30 days', preview: 'Live score', baseLevel: 'By total',
      adjustments: 'Adjustments', save: 'Save assessment', saved: 'Assessment saved', reportChange: 'Report a change',
      changeDesc: 'What changed', changeReported: 'Recorded; re-assess by {d}', never: 'Never assessed', dims: 'Dimensions',
      current: 'Current', by: 'Assessor',
    },
    coverage: {
      title: 'Meal-service coverage', communities: 'Communities', reachable: 'Within reach', outside: 'Communities outside reach', canteens: 'Canteens',
      elders: 'Residents 60+', eldersOut: '60+ outside reach', nearest: 'Nearest canteen', walk: 'Walk', minutes: 'Minutes',
      reach: 'Reach', map: 'Map', inReach: 'Within reach', outReach: 'Outside reach', canteen: 'Canteen',
    },
    params: {
      title: 'Elderly-care parameters', name: 'Parameter', value: 'Value', division: 'Division', from: 'From', source: 'Source',
      setBy: 'Set by', add: 'Add a value', city: 'Whole city', saved: 'Parameter saved', history: 'Values',
    },
    common: { yuan: '¥{v}', loadFailed: 'Loading failed', all: 'All' },
  },
}

function lookup(dict, key) {
  let cur = dict
  for (const part of key.split('.')) {
    if (cur == null || typeof cur !== 'object') return undefined
    cur = cur[part]
  }
  return typeof cur === 'string' ? cur : undefined
}

export function et(key, params) {
  const s = lookup(messages[locale.value], key) ?? lookup(messages['zh-CN'], key) ?? key
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : s
}

export const yuan = (fen) => (fen === null || fen === undefined ? '—' : (Number(fen) / 100).toFixed(2))
export const ID_RE = /^\d{17}[\dXx]$/

export function beijingToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
