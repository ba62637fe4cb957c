// A small dictionary of our own: zh-CN first, English second.
// The choice is kept in localStorage under "mz.locale".
import { ref, computed } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs'
import en from 'element-plus/es/locale/lang/en.mjs'

const STORAGE_KEY = 'mz.locale'

function initialLocale() {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch { /* storage may be blocked */ }
  return 'zh-CN'
}

export const locale = ref(initialLocale())
export const elementLocale = computed(() => (locale.value === 'en' ? en : zhCn))
export const isEn = computed(() => locale.value === 'en')

const messages = {
  'zh-CN': {
    app: {
      title: '广州市民政综合业务平台',
      short: '民政业务平台',
      subtitle: '人口户籍 · 社会救助 · 养老服务 · 社会事务',
      footer: '广州市民政局 · 仅限授权工作人员使用，所有操作均记录审计',
    },
    common: {
      search: '查询', reset: '重置', refresh: '刷新', cancel: '取消', confirm: '确定', save: '保存',
      submit: '提交', back: '返回', edit: '编辑', add: '新增', remove: '移出', close: '关闭',
      view: '查看', actions: '操作', loading: '加载中…', noData: '暂无数据', empty: '（空）',
      total: '共 {n} 条', yes: '是', no: '否', reason: '原因', reasonPh: '请填写操作原因（至少 4 个字）',
      reasonRequired: '请填写操作原因', reasonMin: '原因至少 4 个字', confirmTitle: '操作确认',
      success: '操作成功', retry: '重试', loadFailed: '加载失败', copy: '复制', copied: '已复制',
      persons: '人', households: '户', unknown: '未知', all: '全部', detail: '详情', version: '版本',
      noChange: '未作任何修改', required: '必填', hide: '隐藏',
    },
    lang: { zh: '中文', en: 'English', switch: '语言' },
    menu: {
      home: '首页', persons: '人员查询', households: '家庭查询', users: '用户管理', audit: '审计日志',
      registry: '人口户籍', system: '系统管理',
      eldercare: '养老服务', ecCounter: '饭堂前台', ecCanteens: '长者饭堂', ecAssess: '能力评估', ecCoverage: '助餐覆盖', ecParams: '养老参数', ecCalls: '平安通', ecWaitlist: '养老院轮候', ecVisits: '月探访', ecHomeBeds: '家庭养老床位', ecDashboard: '养老运行监测',
      assistance: '社会救助', asCases: '我的案件', asCase: '案件详情', asIntake: '受理申请', asNotices: '公示', asPayroll: '资金发放', asTotals: '发放统计', policy: '政策规则', policyPrograms: '政策项目与试算', policyWorklist: '政策找人',
    },
    header: { logout: '退出登录', scope: '管辖范围', logoutConfirm: '确定退出登录吗？', loggedOut: '已退出登录' },
    role: {
      city_admin: '市级管理员', district_officer: '区级民政干部', street_caseworker: '镇街经办人',
      community_worker: '村居工作人员', service_provider: '服务机构', auditor: '审计员',
    },
    relation: {
      head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女',
      grandparent: '祖父母', sibling: '兄弟姐妹', other: '其他',
    },
    sex: { M: '男', F: '女', male: '男', female: '女' },
    disability: {
      visual: '视力残疾', hearing: '听力残疾', speech: '言语残疾', physical: '肢体残疾',
      intellectual: '智力残疾', psychiatric: '精神残疾', multiple: '多重残疾', vision: '视力残疾', mental: '精神残疾',
      grade: '{n}级', none: '无',
    },
    login: {
      title: '工作人员登录', login: '账号', password: '密码', loginPh: '请输入账号',
      passwordPh: '请输入密码', submit: '登 录', loginRequired: '请输入账号',
      passwordRequired: '请输入密码', expired: '登录已失效，请重新登录', notice: '本系统仅供授权工作人员使用，登录及所有操作均记录审计。',
    },
    home: {
      welcome: '您好，{name}', personsTotal: '登记人口', householdsTotal: '登记家庭',
      elderly: '60 岁及以上', elderlyShare: '占比 {p}', avgSize: '平均户规模', avgSizeUnit: '人/户',
      byDistrict: '各区登记人口', pyramid: '人口年龄结构', bySize: '家庭规模分布',
      male: '男', female: '女', sizeLabel: '{n} 人户', people: '人数', householdsCount: '户数',
      ageBand: '年龄组', forbidden: '当前角色无权查看统计数据',
    },
    person: {
      searchTitle: '人员查询', name: '姓名', idNumber: '身份证号', sex: '性别', birthDate: '出生日期',
      age: '年龄', division: '所属区划', address: '住址', phone: '联系电话', disabilityKind: '残疾类别',
      disabilityGrade: '残疾等级', deathDate: '死亡日期', flags: '标记', household: '所属家庭',
      relation: '与户主关系', status: '状态', deceased: '已故', alive: '在册', namePh: '姓名（支持前缀）',
      idPh: '18 位身份证号', divisionPh: '选择行政区划', idInvalid: '请输入 18 位身份证号（最后一位可为 X）',
      searchHint: '可按姓名、身份证号或行政区划查询', noResult: '未找到符合条件的人员',
      detailTitle: '人员详情', basic: '基本信息', reveal: '查看完整身份证号', revealTitle: '查看完整身份证号',
      revealNotice: '查看完整身份证号将记入审计日志，请如实填写查询原因。',
      revealReasons: '常用原因', revealed: '已显示完整号码（已记录审计）', history: '变更记录',
      noHistory: '暂无变更记录', editTitle: '编辑人员信息', editNotice: '所有修改均保留历史记录，并需填写修改原因。',
      conflict: '该记录已被其他人修改（版本冲突），已重新加载最新数据，请核对后再次编辑。',
      saved: '人员信息已更新', nameRequired: '请输入姓名', nameLen: '姓名长度应为 2–50 个字符',
      phoneInvalid: '请输入有效的手机号或固定电话', gradeNeedsKind: '填写残疾等级前请先选择残疾类别',
      kindNeedsGrade: '请选择残疾等级', deathFuture: '死亡日期不能晚于今天', deathBeforeBirth: '死亡日期不能早于出生日期',
      noHousehold: '未加入家庭', years: '{n} 岁', changedBy: '操作人', changedAt: '时间',
      field: '字段', oldValue: '原值', newValue: '新值', notFound: '人员不存在或不在您的管辖范围内',
      changeDivision: '变更区划', keepDivision: '不变更', createdRecord: '建立记录',
    },
    household: {
      listTitle: '家庭查询', detailTitle: '家庭详情', id: '家庭编号', address: '家庭住址', head: '户主',
      memberCount: '成员数', members: '家庭成员', addMember: '添加成员', removeMember: '移出成员',
      person: '人员', personPh: '输入姓名或完整身份证号搜索', relation: '与户主关系', relationPh: '请选择关系',
      personRequired: '请选择人员', relationRequired: '请选择与户主关系',
      addConfirm: '确定将 {name} 以“{relation}”身份加入本户吗？', removeConfirm: '确定将 {name} 移出本户吗？此操作将记入家庭变更记录。',
      added: '成员已加入', removed: '成员已移出', inOther: '已在其他家庭', noMembers: '本户暂无成员',
      notFound: '家庭不存在或不在您的管辖范围内', divisionPh: '按行政区划筛选', noResult: '未找到家庭',
    },
    user: {
      title: '用户管理', login: '登录名', name: '姓名', role: '角色', scope: '管辖区划', status: '状态',
      active: '正常', disabled: '已停用', lockedUntil: '锁定至 {t}', add: '新增用户', disable: '停用',
      enable: '启用', resetPassword: '重置密码', password: '初始密码', newPassword: '新密码', password2: '确认密码',
      loginRequired: '请输入登录名', loginFormat: '登录名为 2–32 位小写字母、数字、下划线、点或连字符',
      nameRequired: '请输入姓名', roleRequired: '请选择角色', scopeRequired: '请选择管辖区划',
      passwordRequired: '请输入密码', passwordWeak: '密码至少 8 位，且须同时包含字母和数字',
      passwordMismatch: '两次输入的密码不一致', disableConfirm: '确定停用用户 {login}（{name}）吗？停用后该用户将无法登录。',
      enableConfirm: '确定启用用户 {login}（{name}）吗？', created: '用户已创建', updated: '用户已更新',
      passwordReset: '密码已重置', filterPh: '按登录名或姓名筛选', self: '当前用户', resetFor: '为 {login} 重置密码',
      roleFilter: '按角色筛选',
    },
    audit: {
      title: '审计日志', seq: '序号', at: '时间', login: '用户', action: '操作', entity: '对象类型',
      entityId: '对象编号', division: '区划', reason: '原因', dateRange: '日期范围', from: '开始日期', to: '结束日期',
      verify: '校验审计链', verifyOk: '审计链完整：已校验 {n} 条记录，未发现篡改。',
      verifyBad: '审计链校验发现 {p} 处问题（共校验 {n} 条记录）', problem: '问题', loginPh: '登录名',
      actionPh: '操作类型', entityPh: '对象类型', entityIdPh: '对象编号', noResult: '没有符合条件的审计记录',
    },
    entity: { person: '人员', household: '家庭', user: '用户', session: '会话', division: '区划', audit: '审计' },
    action: {
      'session.login': '登录', 'session.logout': '退出登录', 'session.login_failed': '登录失败', 'session.locked': '账号锁定',
      'person.search': '查询人员', 'person.read': '查看人员', 'person.reveal_id': '查看完整身份证号', 'person.history': '查看人员变更记录',
      'person.create': '新建人员', 'person.update': '修改人员', 'person.import': '导入人员',
      'household.search': '查询家庭', 'household.read': '查看家庭', 'household.history': '查看家庭变更记录',
      'household.create': '新建家庭', 'household.update': '修改家庭', 'household.add_member': '添加家庭成员', 'household.remove_member': '移出家庭成员',
      'user.create': '新增用户', 'user.update': '修改用户', 'user.passwd': '重置密码', 'user.disable': '停用用户', 'user.enable': '启用用户',
      'user.list': '查看用户列表', 'audit.search': '查询审计日志', 'audit.verify': '校验审计链', 'stats.registry': '查看人口统计',
    },
    flag: {
      full_time_student: '全日制在校生', in_prison: '服刑在押', in_rehab: '强制隔离戒毒', compulsory_rehab: '强制隔离戒毒',
      missing: '宣告失踪', declared_missing: '宣告失踪', religious_apart: '宗教教职人员离家', living_alone: '独居',
      special_family: '计生特殊家庭', veteran: '退役军人', major_illness: '重特大疾病', unemployed: '失业',
    },
    field: {
      name: '姓名', address: '住址', phone: '联系电话', division_code: '所属区划', disability_kind: '残疾类别',
      disability_grade: '残疾等级', death_date: '死亡日期', sex: '性别', birth_date: '出生日期', id_number: '身份证号',
      member: '成员', members: '成员', relation: '关系', head: '户主', household_id: '所属家庭', flags: '标记',
      member_added: '加入成员', member_removed: '移出成员', person_id: '人员', hukou: '户口性质', division: '区划',
    },
    history: { personNo: '人员 #{id}' },
    search: { capped: '符合条件的记录超过 {n} 条，仅可翻阅前 {n} 条，请缩小查询范围。' },
    errors: {
      network: '网络错误，无法连接服务器', forbidden: '无权访问', forbiddenText: '您的角色无权访问此页面。',
      notFound: '页面不存在', notFoundText: '您访问的页面不存在。', generic: '操作失败',
      csrf: '会话校验失败，请刷新页面后重试',
    },
  },
  en: {
    app: {
      title: 'Guangzhou Civil Affairs Platform',
      short: 'Civil Affairs',
      subtitle: 'Registry · Social assistance · Elderly care · Social affairs',
      footer: 'Guangzhou Civil Affairs Bureau · Authorized staff only; every action is audited',
    },
    common: {
      search: 'Search', reset: 'Reset', refresh: 'Refresh', cancel: 'Cancel', confirm: 'OK', save: 'Save',
      submit: 'Submit', back: 'Back', edit: 'Edit', add: 'Add', remove: 'Remove', close: 'Close',
      view: 'View', actions: 'Actions', loading: 'Loading…', noData: 'No data', empty: '(empty)',
      total: '{n} in total', yes: 'Yes', no: 'No', reason: 'Reason', reasonPh: 'Reason for this action (at least 4 characters)',
      reasonRequired: 'A reason is required', reasonMin: 'The reason must have at least 4 characters', confirmTitle: 'Please confirm',
      success: 'Done', retry: 'Retry', loadFailed: 'Failed to load', copy: 'Copy', copied: 'Copied',
      persons: 'persons', households: 'households', unknown: 'Unknown', all: 'All', detail: 'Details', version: 'Version',
      noChange: 'Nothing was changed', required: 'Required', hide: 'Hide',
    },
    lang: { zh: '中文', en: 'English', switch: 'Language' },
    menu: {
      home: 'Home', persons: 'Persons', households: 'Households', users: 'Users', audit: 'Audit log',
      registry: 'Registry', system: 'System',
      eldercare: 'Elderly care', ecCounter: 'Canteen counter', ecCanteens: 'Canteens', ecAssess: 'Assessments', ecCoverage: 'Meal coverage', ecParams: 'Care parameters', ecCalls: '平安通 calls', ecWaitlist: 'Care-home waiting list', ecVisits: 'Monthly visits', ecHomeBeds: 'Home care beds', ecDashboard: 'Elderly-care monitor',
      assistance: 'Social assistance', asCases: 'My cases', asCase: 'Case', asIntake: 'New application', asNotices: 'Public notice', asPayroll: 'Payroll', asTotals: 'Payment totals', policy: 'Rules as code', policyPrograms: 'Programs & try it', policyWorklist: 'Screening worklist',
    },
    header: { logout: 'Sign out', scope: 'Scope', logoutConfirm: 'Sign out now?', loggedOut: 'Signed out' },
    role: {
      city_admin: 'City administrator', district_officer: 'District officer', street_caseworker: 'Street caseworker',
      community_worker: 'Community worker', service_provider: 'Service provider', auditor: 'Auditor',
    },
    relation: {
      head: 'Head', spouse: 'Spouse', child: 'Child', parent: 'Parent', grandchild: 'Grandchild',
      grandparent: 'Grandparent', sibling: 'Sibling', other: 'Other',
    },
    sex: { M: 'Male', F: 'Female', male: 'Male', female: 'Female' },
    disability: {
      visual: 'Visual', hearing: 'Hearing', speech: 'Speech', physical: 'Physical',
      intellectual: 'Intellectual', psychiatric: 'Psychiatric', multiple: 'Multiple', vision: 'Visual', mental: 'Psychiatric',
      grade: 'Grade {n}', none: 'None',
    },
    login: {
      title: 'Staff sign-in', login: 'Login', password: 'Password', loginPh: 'Your login',
      passwordPh: 'Your password', submit: 'Sign in', loginRequired: 'Please enter your login',
      passwordRequired: 'Please enter your password', expired: 'Your session has ended; please sign in again',
      notice: 'For authorized staff only. Sign-ins and all actions are audited.',
    },
    home: {
      welcome: 'Hello, {name}', personsTotal: 'Registered persons', householdsTotal: 'Registered households',
      elderly: 'Aged 60 and over', elderlyShare: '{p} of all', avgSize: 'Average household size', avgSizeUnit: 'persons',
      byDistrict: 'Persons by district', pyramid: 'Age pyramid', bySize: 'Households by size',
      male: 'Male', female: 'Female', sizeLabel: '{n} pers.', people: 'Persons', householdsCount: 'Households',
      ageBand: 'Age band', forbidden: 'Your role may not see registry figures',
    },
    person: {
      searchTitle: 'Person search', name: 'Name', idNumber: 'ID number', sex: 'Sex', birthDate: 'Birth date',
      age: 'Age', division: 'Division', address: 'Address', phone: 'Phone', disabilityKind: 'Disability',
      disabilityGrade: 'Disability grade', deathDate: 'Date of death', flags: 'Flags', household: 'Household',
      relation: 'Relation to head', status: 'Status', deceased: 'Deceased', alive: 'Registered', namePh: 'Name (prefix)',
      idPh: '18-character ID number', divisionPh: 'Choose a division', idInvalid: 'Enter an 18-character ID number (last may be X)',
      searchHint: 'Search by name, ID number or division', noResult: 'No person matches',
      detailTitle: 'Person', basic: 'Details', reveal: 'Show full ID number', revealTitle: 'Show the full ID number',
      revealNotice: 'Showing the full ID number is recorded in the audit log. State why you need it.',
      revealReasons: 'Common reasons', revealed: 'Full number shown (audited)', history: 'History',
      noHistory: 'No changes recorded', editTitle: 'Edit person', editNotice: 'Every change is kept in the history and needs a reason.',
      conflict: 'Someone else changed this record (version conflict). The latest data has been loaded; please check and edit again.',
      saved: 'Person updated', nameRequired: 'Please enter a name', nameLen: 'A name has 2–50 characters',
      phoneInvalid: 'Enter a valid mobile or landline number', gradeNeedsKind: 'Choose a disability kind before the grade',
      kindNeedsGrade: 'Choose the disability grade', deathFuture: 'The date of death cannot be in the future', deathBeforeBirth: 'The date of death cannot precede birth',
      noHousehold: 'In no household', years: '{n} y', changedBy: 'By', changedAt: 'At',
      field: 'Field', oldValue: 'Old', newValue: 'New', notFound: 'No such person in your scope',
      changeDivision: 'Change division', keepDivision: 'Unchanged', createdRecord: 'Record created',
    },
    household: {
      listTitle: 'Household search', detailTitle: 'Household', id: 'Household no.', address: 'Address', head: 'Head',
      memberCount: 'Members', members: 'Members', addMember: 'Add member', removeMember: 'Remove member',
      person: 'Person', personPh: 'Type a name or a full ID number', relation: 'Relation to head', relationPh: 'Choose a relation',
      personRequired: 'Choose a person', relationRequired: 'Choose the relation to the head',
      addConfirm: 'Add {name} to this household as "{relation}"?', removeConfirm: 'Remove {name} from this household? This is recorded in the household history.',
      added: 'Member added', removed: 'Member removed', inOther: 'In another household', noMembers: 'No members',
      notFound: 'No such household in your scope', divisionPh: 'Filter by division', noResult: 'No household matches',
    },
    user: {
      title: 'User administration', login: 'Login', name: 'Name', role: 'Role', scope: 'Scope', status: 'Status',
      active: 'Active', disabled: 'Disabled', lockedUntil: 'Locked until {t}', add: 'Add user', disable: 'Disable',
      enable: 'Enable', resetPassword: 'Reset password', password: 'Initial password', newPassword: 'New password', password2: 'Repeat password',
      loginRequired: 'Please enter a login', loginFormat: 'A login has 2–32 lowercase letters, digits, _ . or -',
      nameRequired: 'Please enter a name', roleRequired: 'Choose a role', scopeRequired: 'Choose a scope division',
      passwordRequired: 'Please enter a password', passwordWeak: 'At least 8 characters with both letters and digits',
      passwordMismatch: 'The passwords differ', disableConfirm: 'Disable user {login} ({name})? They will no longer be able to sign in.',
      enableConfirm: 'Enable user {login} ({name})?', created: 'User created', updated: 'User updated',
      passwordReset: 'Password reset', filterPh: 'Filter by login or name', self: 'You', resetFor: 'Reset password of {login}',
      roleFilter: 'Filter by role',
    },
    audit: {
      title: 'Audit log', seq: 'Seq.', at: 'Time', login: 'User', action: 'Action', entity: 'Entity',
      entityId: 'Entity id', division: 'Division', reason: 'Reason', dateRange: 'Dates', from: 'From', to: 'To',
      verify: 'Verify audit chain', verifyOk: 'The audit chain is intact: {n} records checked.',
      verifyBad: 'The audit chain has {p} problem(s) ({n} records checked)', problem: 'Problem', loginPh: 'Login',
      actionPh: 'Action', entityPh: 'Entity', entityIdPh: 'Entity id', noResult: 'No audit record matches',
    },
    entity: { person: 'Person', household: 'Household', user: 'User', session: 'Session', division: 'Division', audit: 'Audit' },
    action: {
      'session.login': 'Sign-in', 'session.logout': 'Sign-out', 'session.login_failed': 'Failed sign-in', 'session.locked': 'Account locked',
      'person.search': 'Search persons', 'person.read': 'Read person', 'person.reveal_id': 'Reveal ID number', 'person.history': 'Read person history',
      'person.create': 'Create person', 'person.update': 'Update person', 'person.import': 'Import persons',
      'household.search': 'Search households', 'household.read': 'Read household', 'household.history': 'Read household history',
      'household.create': 'Create household', 'household.update': 'Update household', 'household.add_member': 'Add member', 'household.remove_member': 'Remove member',
      'user.create': 'Create user', 'user.update': 'Update user', 'user.passwd': 'Reset password', 'user.disable': 'Disable user', 'user.enable': 'Enable user',
      'user.list': 'List users', 'audit.search': 'Search audit log', 'audit.verify': 'Verify audit chain', 'stats.registry': 'Registry figures',
    },
    flag: {
      full_time_student: 'Full-time student', in_prison: 'In prison', in_rehab: 'Compulsory rehab', compulsory_rehab: 'Compulsory rehab',
      missing: 'Declared missing', declared_missing: 'Declared missing', religious_apart: 'Religious, living apart', living_alone: 'Living alone',
      special_family: 'Special family', veteran: 'Veteran', major_illness: 'Major illness', unemployed: 'Unemployed',
    },
    field: {
      name: 'Name', address: 'Address', phone: 'Phone', division_code: 'Division', disability_kind: 'Disability',
      disability_grade: 'Disability grade', death_date: 'Date of death', sex: 'Sex', birth_date: 'Birth date', id_number: 'ID number',
      member: 'Member', members: 'Members', relation: 'Relation', head: 'Head', household_id: 'Household', flags: 'Flags',
      member_added: 'Member added', member_removed: 'Member removed', person_id: 'Person', hukou: 'Hukou', division: 'Division',
    },
    history: { personNo: 'Person #{id}' },
    search: { capped: 'More than {n} records match; only the first {n} can be paged through. Narrow the search.' },
    errors: {
      network: 'Network error: the server cannot be reached', forbidden: 'Forbidden', forbiddenText: 'Your role may not open this page.',
      notFound: 'Not found', notFoundText: 'This page does not exist.', generic: 'The operation failed',
      csrf: 'Session check failed; reload the page and try again',
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

// lookup that also accepts keys containing dots in the last part (action names such as "person.reveal")
function lookupGroup(dict, group, key) {
  const g = dict[group]
  return g && typeof g[key] === 'string' ? g[key] : undefined
}

function format(s, params) {
  if (!params) return s
  return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : m))
}

export function t(key, params) {
  const s = lookup(messages[locale.value], key) ?? lookup(messages['zh-CN'], key) ?? key
  return format(s, params)
}

// Translate a value of a label group (role, relation, action, ...); unknown values show as they are.
export function label(group, value) {
  if (value === null || value === undefined || value === '') return ''
  const v = String(value)
  return lookupGroup(messages[locale.value], group, v) ?? lookupGroup(messages['zh-CN'], group, v) ?? v
}

export function hasLabel(group, value) {
  return lookupGroup(messages['zh-CN'], group, String(value)) !== undefined
}

export function setLocale(l) {
  locale.value = l === 'en' ? 'en' : 'zh-CN'
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
