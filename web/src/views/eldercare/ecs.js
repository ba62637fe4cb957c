// Words of the elderly-care service pages (平安通, waiting list, visits,
// home beds, dashboard), zh-CN first, English second, following the shared
// locale. Kept apart from ec.js (canteens and assessments) so that the two
// areas can change without stepping on each other.
import { locale } from '../../lib/i18n.js'

const messages = {
  'zh-CN': {
    calls: {
      title: '平安通呼叫中心', board: '实时看板', open: '待处理', overdue: '超时未到场', target: '响应时限 {m} 分钟',
      autoRefresh: '每 15 秒自动刷新', refresh: '刷新', lastUpdate: '更新于 {t}', none: '当前没有待处理的呼叫',
      received: '接警时间', waited: '已等待', name: '姓名', kind: '类型', status: '状态', location: '位置', summary: '内容',
      emergency: '紧急求助', consultation: '咨询', checkin: '报平安', statusOpen: '待派单', dispatched: '已派单', closed: '已结案',
      dispatch: '派单', respond: '已到场', close: '结案', to: '派往', contact: '紧急联系人', community_worker: '社区工作人员',
      emergency_service: '急救服务', note: '说明', outcome: '处理结果', logCall: '登记呼叫', subscriber: '平安通用户',
      subscribers: '用户档案', subscribe: '开通平安通', personId: '人员编号', device: '终端编号', deviceKind: '终端类型',
      landline: '固话', pendant: '呼叫器', watch: '手表', app: '手机应用', fee: '月服务费（元）', dailyCheckin: '每日报平安',
      startedOn: '开通日期', contacts: '紧急联系人', contactName: '姓名', phone: '电话', relation: '关系', addContact: '添加联系人',
      reason: '原因', category: '补贴类别', cat1: '一类（全额）', cat2: '二类（70%）', catnone: '无补贴', subsidy: '月补贴（元）',
      alerts: '未报平安预警', day: '日期', sweep: '核查昨日报平安', sweepDone: '已核查 {c} 人，新增预警 {r} 条',
      closeAlert: '处理', alertNote: '核实情况', saved: '已保存', responseS: '响应用时', closureS: '结案用时',
      history: '呼叫记录', min: '{n} 分钟', sec: '{n} 秒', noAlerts: '没有待处理的预警',
    },
  },
  en: {
    calls: {
      title: '平安通 call centre', board: 'Live board', open: 'Open', overdue: 'Overdue', target: 'Target {m} min',
      autoRefresh: 'Refreshes every 15 s', refresh: 'Refresh', lastUpdate: 'Updated {t}', none: 'No open calls',
      received: 'Received', waited: 'Waiting', name: 'Name', kind: 'Kind', status: 'Status', location: 'Location', summary: 'Summary',
      emergency: 'Emergency', consultation: 'Consultation', checkin: 'Check-in', statusOpen: 'Open', dispatched: 'Dispatched', closed: 'Closed',
      dispatch: 'Dispatch', respond: 'Help arrived', close: 'Close', to: 'To', contact: 'Contact', community_worker: 'Community worker',
      emergency_service: 'Emergency service', note: 'Note', outcome: 'Outcome', logCall: 'Log a call', subscriber: 'Subscriber',
      subscribers: 'Subscribers', subscribe: 'Subscribe', personId: 'Person id', device: 'Device code', deviceKind: 'Device',
      landline: 'Landline', pendant: 'Pendant', watch: 'Watch', app: 'App', fee: 'Monthly fee (yuan)', dailyCheckin: 'Daily check-in',
      startedOn: 'Start date', contacts: 'Contacts', contactName: 'Name', phone: 'Phone', relation: 'Relation', addContact: 'Add contact',
      reason: 'Reason', category: 'Subsidy category', cat1: 'Category 1 (full)', cat2: 'Category 2 (70%)', catnone: 'None', subsidy: 'Subsidy (yuan/month)',
      alerts: 'Missed check-ins', day: 'Day', sweep: "Check yesterday's check-ins", sweepDone: 'Checked {c}, {r} new alerts',
      closeAlert: 'Handle', alertNote: 'What was found', saved: 'Saved', responseS: 'Response', closureS: 'Closure',
      history: 'Calls', min: '{n} min', sec: '{n} s', noAlerts: 'No open alerts',
    },
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

export function st(key, params) {
  const s = lookup(messages[locale.value], key) ?? lookup(messages['zh-CN'], key) ?? key
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : s
}

export function duration(s) {
  if (s === null || s === undefined) return '—'
  return s >= 60 ? st('calls.min', { n: Math.floor(s / 60) }) : st('calls.sec', { n: s })
}

export function clock(unix) {
  return new Date(unix * 1000 + 8 * 3600 * 1000).toISOString().slice(5, 16).replace('T', ' ')
}
