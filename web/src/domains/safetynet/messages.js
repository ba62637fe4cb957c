// The safety net's words, as ['中文', 'English'] pairs; t('safetynet.<key>').
export default {
  menu: {
    title: ['兜底保障安全网', 'Safety net'], orders: ['工单', 'Work orders'], alerts: ['预警', 'Alerts'],
    events: ['汇集事件', 'Events received'], rules: ['监测规则', 'Monitoring rules'], departments: ['部门接入', 'Departments'],
    request: ['社区随约服务', 'Ask the community'],
  },
  level: { red: ['红色', 'Red'], orange: ['橙色', 'Orange'], yellow: ['黄色', 'Yellow'] },
  state: {
    open: ['未办结', 'Open'], assigned: ['已派单', 'Assigned'], accepted: ['已接单', 'Accepted'], on_site: ['已到场', 'On site'],
    done: ['已处置', 'Done'], returned: ['已退回', 'Returned'], escalated: ['已升级', 'Escalated'], closed: ['已办结', 'Closed'],
    merged: ['已合并', 'Merged'],
  },
  tier: { community: ['社区', 'Community'], street: ['镇街', 'Street'], district: ['区', 'District'] },
  route: { community_worker: ['社区工作人员', 'Community worker'], volunteer: ['志愿者', 'Volunteer'], social_work: ['社工站', 'Social-work station'] },
  actionKind: { case_intake: ['受理救助申请', 'Case intake'], temp_aid: ['临时救助', 'Temporary aid'], visit: ['上门探访', 'Home visit'], referral: ['转介', 'Referral'], other: ['其他', 'Other'] },
  returnReason: { wrong_address: ['地址有误', 'Wrong address'], wrong_department: ['非本部门职责', 'Wrong department'] },
  alertStatus: { open: ['未解除', 'Open'], closed: ['已解除', 'Closed'] },
  source: { department: ['部门接口', 'Department API'], upload: ['部门上传', 'Department upload'], internal: ['系统内部', 'Internal'], resident: ['群众求助', 'Resident'] },
  // Which of minzheng's own rooms told the safety net (the event's source for source_kind internal).
  internalSource: { 'eldercare.calls': ['平安通签到', 'Emergency-call check-ins'], 'eldercare.visits': ['探访关爱', 'Elder visits'], 'benefits.payroll': ['救助金发放', 'Benefit payroll'], screen: ['政策找人筛查', 'Policy screening'] },
  category: { living: ['基本生活', 'Living'], medical: ['医疗', 'Medical'], elderly: ['养老', 'Elderly care'], child: ['儿童', 'Children'], disability: ['残疾', 'Disability'], housing: ['住房', 'Housing'], other: ['其他', 'Other'] },
  orders: {
    title: ['安全网工单', 'Safety-net work orders'], state: ['状态', 'State'], tier: ['层级', 'Tier'], overdue: ['只看超时', 'Overdue only'],
    division: ['区划', 'Division'], search: ['查询', 'Search'], reset: ['重置', 'Reset'], export: ['导出 CSV', 'Export CSV'],
    id: ['工单号', 'No.'], subject: ['事项', 'Matter'], person: ['对象', 'Person'], level: ['级别', 'Level'], routeTo: ['派给', 'Routed to'],
    assignee: ['承办人', 'Assignee'], due: ['时限', 'Due'], late: ['已超时', 'Late'], empty: ['暂无工单', 'No work orders'],
    kind: ['来源', 'Source'], alert: ['预警', 'Alert'], request: ['群众求助', 'Request'], file: ['安全网工单', 'safetynet-orders'],
  },
  order: {
    title: ['工单 {id}', 'Work order {id}'], back: ['返回列表', 'Back to the list'], detail: ['情况', 'Details'], basis: ['依据', 'Basis'],
    fromResolution: ['议事厅决议 #{id}（逾期未落实）', 'Deliberation resolution #{id} (unresolved past its deadline)'],
    contact: ['联系人', 'Contact'], address: ['地址', 'Address'], feedback: ['处置情况', 'What was done'], actionKind: ['处置方式', 'Led to'],
    actionRef: ['关联编号（案件号、救助金、探访）', 'Reference (case, payment, visit)'], rating: ['群众评价', 'Resident rating'],
    history: ['办理记录', 'History'], reopenCount: ['重新打开 {n} 次', 'Reopened {n} times'], why: ['预警说明', 'Why this alert'],
    accept: ['接单', 'Accept'], on_site: ['到场', 'On site'], done: ['反馈处置', 'Report what was done'], return: ['退回', 'Return'],
    route: ['重新派单', 'Route again'], close: ['办结', 'Close'], reopen: ['重新打开', 'Reopen'], merge: ['合并为重复', 'Merge as duplicate'],
    note: ['说明', 'Note'], returnReason: ['退回原因', 'Reason'], division: ['派往社区', 'Community'], routeTo: ['派给', 'Routed to'],
    into: ['合并到工单号', 'Merge into order no.'], submit: ['确定', 'Confirm'], cancel: ['取消', 'Cancel'], saved: ['已保存', 'Saved'],
    confirmReturn: ['确定退回此工单？', 'Return this order?'], confirmClose: ['确定办结此工单？', 'Close this order?'],
    confirmMerge: ['确定将此工单合并为重复？', 'Merge this order as a duplicate?'], required: ['请填写', 'Required'],
  },
  alerts: {
    title: ['预警', 'Alerts'], level: ['级别', 'Level'], status: ['状态', 'Status'], rule: ['规则', 'Rule'], raised: ['预警日期', 'Raised on'],
    empty: ['暂无预警', 'No alerts'], why: ['说明', 'Explanation'], orders: ['工单', 'Orders'],
  },
  events: {
    title: ['汇集事件', 'Events received'], type: ['事件类型', 'Type'], occurred: ['发生日期', 'Occurred on'], amount: ['金额', 'Amount'],
    source: ['来源', 'Source'], sender: ['发送方编号', 'Sender id'], alerts: ['预警', 'Alerts'], empty: ['暂无事件', 'No events'],
  },
  // What was done to a work order (its log).
  act: {
    accept: ['接单', 'Accepted'], on_site: ['到达现场', 'On site'], done: ['办结反馈', 'Done'], return: ['退回', 'Returned'],
    route: ['改派', 'Re-routed'], close: ['关闭', 'Closed'], reopen: ['重新打开', 'Reopened'], merge: ['合并', 'Merged'],
    create: ['生成工单', 'Created'], escalate: ['逾期升级', 'Escalated'],
  },
  fact: {
    living_alone: ['独居', 'Lives alone'], empty_nest: ['空巢', 'Empty nest'], special_family: ['计生特殊家庭', 'Special family'],
    dibao: ['享受低保', 'Receives dibao'], tekun: ['特困供养', 'Extreme-poverty support'], disabled: ['残疾', 'Disabled'],
    veteran: ['退役军人', 'Veteran'], student: ['在校学生', 'Student'],
  },
  rules: {
    ageAtLeast: ['年龄 ≥ {n}', 'Age ≥ {n}'],
    title: ['监测预警规则', 'Monitoring rules'], levels: ['预警级别与时限', 'Levels and clocks'], hours: ['{n} 小时', '{n} hours'],
    on: ['触发事件', 'Trigger'], clauses: ['其他条件', 'Other conditions'], routes: ['派单', 'Routes'], from: ['生效日期', 'In force from'],
    basis: ['依据', 'Basis'], reload: ['重新加载规则', 'Reload the rules'], reloaded: ['规则已重新加载', 'Rules reloaded'], file: ['文件', 'File'],
    window: ['{n} 天内', 'within {n} days'], thisMonth: ['本月', 'this month'],
  },
  departments: {
    title: ['部门接入账号', 'Department accounts'], code: ['代码', 'Code'], name: ['名称', 'Name'], scope: ['范围', 'Scope'],
    rate: ['每分钟上限', 'Per minute'], created: ['创建', 'Created'], add: ['新增部门', 'Add a department'], reason: ['事由', 'Reason'],
    token: ['部门令牌（只显示这一次，请立即保存）', 'Department token (shown once: keep it now)'], disabled: ['已停用', 'Disabled'],
    codeRule: ['小写字母、数字、- 和 _', 'Lower-case letters, digits, - and _'],
  },
  request: {
    title: ['社区随约服务：我要求助', 'Ask your community for help'],
    intro: ['请留下您的需求和联系电话，社区工作人员会尽快联系您。无需注册。', 'Tell us what you need and a phone number; a community worker will call you back. No account needed.'],
    community: ['所在社区（村）代码', 'Community code'], communityPh: ['12 位社区代码，如 440105001001', '12 digits, e.g. 440105001001'],
    name: ['姓名', 'Name'], phone: ['联系电话', 'Phone'], address: ['住址', 'Address'], need: ['需求', 'What you need'],
    category: ['类别', 'Category'], idNumber: ['身份证号（可选）', 'ID number (optional)'], submit: ['提交', 'Submit'],
    done: ['已收到您的求助，回执号 {n}。社区工作人员将尽快与您联系。', 'Received: receipt {n}. A community worker will call you back.'],
    required: ['请填写', 'Required'], staffLogin: ['工作人员登录', 'Staff sign-in'],
  },
}
