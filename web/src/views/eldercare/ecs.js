// Words of the elderly-care service pages (平安通, waiting list, visits,
// home beds, dashboard), zh-CN first, English second, following the shared
// locale. Kept apart from ec.js (canteens and assessments) so that the two
// areas can change without stepping on each other.
import { locale } from '../../lib/i18n.js'

const messages = {
  'zh-CN': {
    dash: {
      title: '养老服务运行监测', month: '月份', district: '区', meals: '助餐人次', mealsPerDay: '日均助餐', subsidy: '助餐补贴（元）',
      calls: '紧急呼叫', response: '平均响应', waiting: '轮候人数', visitRate: '探访率', daily: '每日助餐人次', byDistrict: '分区对比',
    },
    beds: {
      title: '家庭养老床位', contract: '合同', level: '能力等级', plan: '照护计划', perWeek: '每周 {n} 次', log: '填报服务',
      start: '开始', end: '结束', services: '服务项目', staff: '服务人员', note: '备注', submit: '提交', saved: '服务记录已提交',
      missing: '服务缺失（按周）', week: '周', planned: '计划', done: '已服务', short: '缺失', none: '没有缺失的服务', noBeds: '暂无签约床位',
    },
    visits: {
      title: '特殊老人月探访', month: '月份', rates: '各社区探访率', community: '社区', due: '应探访', visited: '已探访',
      rate: '探访率', target: '目标 100%', overdue: '本月未探访', all: '全部应探访', name: '姓名', age: '年龄', why: '探访原因',
      living_alone: '独居', very_old: '高龄', special_family: '计生特殊家庭', category: '困难类别', lastVisit: '最近探访',
      record: '登记探访', visitedOn: '探访日期', visitorKind: '探访人', community_worker: '社区工作人员', volunteer: '结对志愿者',
      visitor: '探访人姓名', findings: '探访情况', followup: '需跟进', saved: '探访已登记', total: '合计',
    },
    wait: {
      title: '公办养老院轮候', homes: '养老院', queueLen: '轮候人数', beds: '床位', queue: '轮候队列', position: '位次',
      name: '姓名', key: '排序依据', category: '优先类别', level: '能力等级', birth: '出生日期', applied: '申请日期',
      special: '计生特殊家庭', youfu: '优抚', hidden: '（辖区外）', vacancy: '登记空床', freedOn: '空出日期', note: '说明',
      apply: '登记申请', personId: '人员编号', chooseHomes: '意向养老院（按顺序）', reason: '原因', application: '申请详情',
      lookup: '按申请编号查询', status: '状态', waiting: '轮候中', offered: '已通知', admitted: '已入住', withdrawn: '已撤回',
      offers: '床位通知', deadline: '确认期限', accept: '确认入住', decline: '放弃', events: '位次变动记录', by: '操作人',
      saved: '已保存', offeredTo: '已通知第 {p} 位：申请 {a}', nobody: '暂无可通知的轮候人', expire: '处理逾期通知',
      expired: '逾期 {x} 条，已顺延 {r} 条', none: '无', levelNever: '未评估',
    },
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
    dash: {
      title: 'Elderly-care monitor', month: 'Month', district: 'District', meals: 'Meals', mealsPerDay: 'Meals a day', subsidy: 'Meal subsidy (yuan)',
      calls: 'Emergency calls', response: 'Avg response', waiting: 'Waiting list', visitRate: 'Visit rate', daily: 'Meals by day', byDistrict: 'By district',
    },
    beds: {
      title: 'Home care beds', contract: 'Contract', level: 'Level', plan: 'Care plan', perWeek: '{n} visits a week', log: 'Log a visit',
      start: 'Start', end: 'End', services: 'Services', staff: 'Staff', note: 'Note', submit: 'Submit', saved: 'Visit logged',
      missing: 'Missing visits (by week)', week: 'Week', planned: 'Planned', done: 'Done', short: 'Missing', none: 'No missing visits', noBeds: 'No contracted beds',
    },
    visits: {
      title: 'Monthly visits', month: 'Month', rates: 'Visit rate by community', community: 'Community', due: 'Due', visited: 'Visited',
      rate: 'Rate', target: 'Target 100%', overdue: 'Not yet visited', all: 'All due', name: 'Name', age: 'Age', why: 'Why',
      living_alone: 'Living alone', very_old: 'Very old', special_family: 'Special family', category: 'Hardship category', lastVisit: 'Last visit',
      record: 'Record a visit', visitedOn: 'Visited on', visitorKind: 'Visitor', community_worker: 'Community worker', volunteer: 'Paired volunteer',
      visitor: "Visitor's name", findings: 'Findings', followup: 'Needs follow-up', saved: 'Visit recorded', total: 'Total',
    },
    wait: {
      title: 'Care-home waiting list', homes: 'Homes', queueLen: 'Waiting', beds: 'Beds', queue: 'Queue', position: 'Place',
      name: 'Name', key: 'Ordering key', category: 'Priority', level: 'Level', birth: 'Born', applied: 'Applied',
      special: 'Special family', youfu: 'Veteran', hidden: '(outside your scope)', vacancy: 'Bed freed', freedOn: 'Freed on', note: 'Note',
      apply: 'New application', personId: 'Person id', chooseHomes: 'Homes (in preference)', reason: 'Reason', application: 'Application',
      lookup: 'Find by application id', status: 'Status', waiting: 'Waiting', offered: 'Offered', admitted: 'Admitted', withdrawn: 'Withdrawn',
      offers: 'Offers', deadline: 'Deadline', accept: 'Accept', decline: 'Decline', events: 'Moves', by: 'By',
      saved: 'Saved', offeredTo: 'Offered to place {p}: application {a}', nobody: 'Nobody left to offer it to', expire: 'Expire overdue offers',
      expired: '{x} expired, {r} offered on', none: 'None', levelNever: 'Not assessed',
    },
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
