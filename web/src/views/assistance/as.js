// Social-assistance pages: their words (zh-CN first, English second,
// following the shared locale), who may open which page, and small helpers
// (money in fen shown as yuan, citizen ID checks, file metadata).
import { locale } from '../../lib/i18n.js'
import { auth } from '../../lib/auth.js'
import { api } from '../../lib/api.js'

const STAFF = ['city_admin', 'district_officer', 'street_caseworker', 'community_worker']
// Mirrors the route table (src/http/routes.c); the server enforces the real rules.
export const AS_ACCESS = {
  cases: [...STAFF, 'auditor'],
  staff: STAFF,
  intake: ['city_admin', 'district_officer', 'street_caseworker'],
  payroll: ['city_admin', 'district_officer', 'auditor'],
  payrollWrite: ['city_admin', 'district_officer'],
  override: ['city_admin', 'district_officer'],
}
export const asCan = (area) => !!auth.user && AS_ACCESS[area].includes(auth.user.role)

export const PROGRAMS = ['dibao', 'tekun', 'orphan', 'unattended_child', 'disability_living', 'disability_care', 'temp_aid']
export const STATES = ['accepted', 'verifying', 'investigating', 'reviewing', 'notice', 'refused', 'aid_paid',
  'paying', 'suspended', 'periodic_review', 'ended', 'withdrawn']
// Relations to the applicant the rules know (policy.h POLICY_RELATIONS).
export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'child_in_law', 'other_relation']
// Findings a caseworker records for a member (policy.h POLICY_PERSON_FLAGS, without the
// ones the registry or the system sets itself).
export const MEMBER_FLAGS = ['full_time_student', 'cannot_live_independently', 'major_illness', 'unemployed',
  'needs_long_term_care', 'lacks_legal_capacity', 'support_duty', 'lives_together', 'in_prison',
  'compulsory_rehab', 'declared_missing', 'religious_apart']
export const PARENT_STATES = ['present', 'dead', 'untraceable', 'missing', 'severely_disabled', 'seriously_ill',
  'imprisoned', 'in_rehab', 'out_of_contact']
export const CHILD_PROGRAMS = ['orphan', 'unattended_child']

const messages = {
  'zh-CN': {
    program: {
      dibao: '最低生活保障', tekun: '特困人员救助供养', orphan: '孤儿基本生活保障',
      unattended_child: '事实无人抚养儿童基本生活保障', disability_living: '困难残疾人生活补贴',
      disability_care: '重度残疾人护理补贴', temp_aid: '临时救助',
    },
    state: {
      accepted: '已受理', verifying: '家庭经济状况核对', investigating: '入户调查', reviewing: '审核',
      notice: '公示', refused: '不予批准', aid_paid: '先行救助已发放', paying: '发放中', suspended: '暂停发放',
      periodic_review: '复核', ended: '已终止', withdrawn: '已撤回',
    },
    task: {
      start_investigation: '启动入户调查', decide: '作出审核确认决定', notify_refusal: '书面告知不予批准理由',
      periodic_review: '定期复核', reverify_discrepancy: '核对差异复核',
    },
    event: { accept: '受理申请' },
    relation: {
      applicant: '申请人', spouse: '配偶', child: '子女', parent: '父母', sibling: '兄弟姐妹',
      grandparent: '祖父母外祖父母', grandchild: '孙子女外孙子女', child_in_law: '儿媳女婿', other_relation: '其他',
      head: '户主', other: '其他',
    },
    flag: {
      full_time_student: '全日制在校生（本科及以下）', cannot_live_independently: '无法独立生活', major_illness: '重特大疾病',
      unemployed: '失业', needs_long_term_care: '需要长期照护', lacks_legal_capacity: '无民事行为能力',
      support_duty: '负有法定赡养抚养扶养义务', lives_together: '长期共同居住', in_prison: '服刑在押',
      compulsory_rehab: '强制隔离戒毒', declared_missing: '宣告失踪', religious_apart: '宗教教职人员离家三年以上',
      local_hukou: '本市户籍', receives_dibao: '本人享受低保',
    },
    parent: {
      present: '正常', dead: '死亡', untraceable: '查找不到', missing: '宣告失踪', severely_disabled: '重度残疾',
      seriously_ill: '重病', imprisoned: '服刑在押', in_rehab: '强制隔离戒毒', out_of_contact: '失联6个月以上',
    },
    runStatus: { draft: '待审批', approved: '已审批', released: '已出银行文件' },
    payStatus: { pending: '待发送', sent: '已发送银行', paid: '已到账', failed: '发放失败', cancelled: '已取消' },
    payKind: { regular: '当月', back_pay: '补发' },
    outcome: { upheld: '异议成立', dismissed: '异议不成立' },
    menu: { cases: '我的案件', intake: '受理申请', notices: '公示', payroll: '资金发放', totals: '发放统计' },
    queue: {
      title: '案件办理', program: '救助项目', state: '状态', division: '区划', overdueOnly: '只看逾期',
      openOnly: '只看在办', id: '案件号', applicant: '申请人', idNumber: '身份证号', nextTask: '下一步', due: '期限',
      decisionDue: '决定期限', accepted: '受理日期', amount: '月金额（元）', overdue: '已逾期', overdueCount: '逾期案件 {n} 件',
      empty: '没有符合条件的案件', newCase: '受理申请', elsewhere: '全城通办', coi: '近亲属备案', readOnly: '仅查看',
      intakeStreet: '受理',
    },
    case: {
      title: '案件详情', notFound: '案件不存在或不在您的管辖范围内', back: '返回案件列表',
      readOnly: '本案件由户籍所在镇街（{street}）办理；受理镇街只能查看，不能办理。',
      coi: '近亲属备案：{detail}。本案须由区民政部门审核确认（第十一条、第二十条）。',
      basic: '基本信息', applicant: '申请人', address: '家庭住址', community: '所在社区', intakeStreet: '受理镇街',
      responsible: '办理镇街', acceptedOn: '受理日期', investigationDue: '入户调查启动期限', decisionDue: '决定期限',
      noticePeriod: '公示期', decision: '决定', decidedOn: '决定日期', reasons: '理由', delegated: '审核确认',
      delegatedYes: '已委托镇街（20个工作日）', delegatedNo: '区民政部门确认（30个工作日）', variant: '类型',
      emergency: '急难型（先行救助）', amount: '保障金额（元/月）', amountOneOff: '救助金额（元）', computed: '按政策规则计算', assessed: '经办人核定（不超过规则设定的镇街额度）',
      overridden: '已调整（原计算 {v} 元）', overrideBy: '调整人 {by}：{reason}', notEvaluated: '尚未认定计算',
      enrollment: '保障待遇', approved: '批准', refused: '不予批准', actions: '可办理事项', noActions: '当前状态下您没有可办理的事项',
      evaluate: '认定计算', evaluateHint: '按政策规则计算资格和金额（结果与计算过程一并保存）',
      verify: '发起核对', verifyHint: '比对各部门数据与申报情况', override: '调整金额',
      tabs: { members: '家庭成员', verification: '核对报告', trace: '认定结果', timeline: '办理过程', attachments: '材料', tasks: '期限', objections: '公示异议' },
      member: '成员', relation: '与申请人关系', sex: '性别', birth: '出生日期', disability: '残疾', findings: '调查认定',
      deceased: '已故', phaseOutUntil: '渐退期至 {m}', nextReview: '下次复核 {d}',
    },
    enrollStatus: { active: '正常发放', suspended: '暂停发放', ended: '已终止' },
    act: {
      note: '办理意见', notePh: '请填写办理意见或理由', noteRequired: '请填写办理意见或理由', noteShort: '办理意见至少 2 个字',
      investigators: '调查人员（至少2人，第十六条）', investigatorPh: '调查人员姓名', addInvestigator: '增加调查人员',
      investigatorsRequired: '入户调查应由至少两名工作人员进行，请填写两名调查人员姓名',
      months: '渐退期（月）', monthsHint: '最长 {n} 个月（第三十三条）', attach: '随附材料', basis: '依据',
      confirm: '确认办理', done: '已办理：{label}', confirmTitle: '请确认',
      confirmApprove: '批准后将纳入保障，自次月起按 {amount} 元/月发放。确定批准吗？',
      confirmOneOff: '批准后将一次性发放 {amount} 元。确定批准吗？',
      confirmRefuse: '将作出不予批准决定，并须在3个工作日内书面告知理由。确定吗？',
      confirmTerminate: '终止后自次月起停发，案件结案。确定终止吗？',
      confirmWithdraw: '申请人撤回申请后案件结束。确定吗？',
      confirmPayFirst: '先行救助将于本月发放 {amount} 元，事后补充核对和公示。确定吗？',
      evalTempTitle: '核定临时救助金额', evalAmount: '救助金额（元）', evalReason: '核定依据',
      evalAmountInvalid: '请输入金额（元），最多两位小数', evalReasonShort: '请说明金额的核定依据（至少4个字）',
      evalDone: '认定计算完成', verifyDone: '核对报告已生成',
      overrideTitle: '调整保障金额', overrideNotice: '金额由政策规则计算。调整须写明理由，并记入审计日志。',
      overrideAmount: '调整后金额（元）', overrideReason: '调整理由', overrideReasonShort: '调整理由不少于10个字',
      overrideDone: '金额已调整', computedAmount: '规则计算金额',
    },
    trace: {
      none: '尚未进行认定计算。进入“审核”阶段后点击“认定计算”。', eligible: '符合条件', notEligible: '不符合条件',
      date: '认定日期', amount: '计算金额', conditions: '条件', condition: '条件', passed: '结果', values: '计算过程',
      text: '代入数值', params: '适用政策参数', param: '参数', value: '取值', from: '生效日期', source: '依据（规则文件）',
      members: '成员计算', pass: '满足', fail: '不满足', also: '该家庭按规则还可能符合：', input: '规则读取的家庭情况',
      assessed: '临时救助金额由经办人核定', assessedReason: '核定依据', ceiling: '镇街审批额度（政策规则）', reasons: '不符合的条件',
    },
    verify: {
      none: '尚未生成核对报告。', asOf: '核对日期', by: '核对人', discrepancies: '差异 {n} 项', noDisc: '未发现差异',
      category: '类别', kind: '项目', declared: '申报（元）', agency: '部门数据（元）', source: '数据来源', dataAsOf: '数据截止',
      disc: '差异', income: '收入', asset: '财产', housing: '住房套数', vehicle: '车辆数', noLines: '无申报、无部门数据',
      rerun: '重新核对',
    },
    timeline: { by: '{login}（{role}）', from: '{from} → {to}', investigators: '调查人员：{names}', attachments: '材料：{names}' },
    att: {
      name: '文件名', type: '类型', size: '大小', sha: 'SHA-256', by: '登记人', at: '时间', add: '登记材料',
      hint: '材料原件由经办人留存；系统登记文件名、大小和 SHA-256 指纹，用于日后核验。', choose: '选择文件',
      added: '材料已登记', none: '暂无材料', noCrypto: '当前浏览器无法计算文件指纹（需通过 HTTPS 访问），仅登记文件名和大小',
    },
    tasks: { kind: '事项', due: '期限', basis: '依据', done: '完成时间', open: '未完成', overdue: '已逾期' },
    obj: {
      add: '登记异议', content: '异议内容', contentPh: '记录反映人反映的情况（至少4个字）', contentShort: '请记录异议内容（至少4个字）',
      receivedOn: '收到日期', receivedBy: '登记人', outcome: '处理结果', handling: '核实处理情况', handle: '处理异议',
      handlingShort: '请说明核实和处理情况（至少4个字）', outcomeRequired: '请选择处理结果', added: '异议已登记',
      handled: '异议已处理', none: '暂无异议', open: '待处理', notInNotice: '仅在公示期内可登记异议',
      upheldHint: '异议成立的，可在案件页“异议成立，重新调查”',
    },
    intake: {
      title: '受理救助申请', steps: { applicant: '申请人', program: '救助项目', members: '家庭成员', declare: '申报与授权', confirm: '确认受理' },
      idNumber: '申请人身份证号', idPh: '请输入18位居民身份证号', find: '查找', idRequired: '请输入申请人身份证号',
      id15: '15位身份证号已停止使用，请使用18位居民身份证号', idFormat: '身份证号应为18位，前17位为数字，最后一位为数字或X',
      idDate: '身份证号中的出生日期无效', idCheck: '身份证号校验位不正确，请核对', notFound: '在您的管辖范围内未找到该身份证号。',
      elsewhere: '如申请人户籍在其他镇街，可按“全城通办”受理：案件将转交其户籍所在镇街办理，家庭成员以人口库登记为准。',
      acceptElsewhere: '按全城通办受理（申请人不在本辖区）', noHousehold: '该人员未登记家庭户，请先在“家庭查询”中登记家庭后再受理。',
      deceased: '人口库记载该人员已死亡，不能作为申请人。', person: '申请人信息', household: '家庭户', members: '家庭成员',
      findFirst: '请先查找申请人', program: '救助项目', programRequired: '请选择救助项目', variant: '救助类型',
      emergency: '急难型（先行救助，事后补充核对）', spending: '支出型（完整程序）', beneficiary: '保障对象',
      beneficiaryRequired: '请选择保障对象', beneficiaryId: '保障对象身份证号', delegated: '审核确认已委托镇街',
      delegatedHint: '委托镇街的须在20个工作日内作出决定，否则由区民政部门在30个工作日内确认', intakeStreet: '受理镇街',
      intakeStreetRequired: '请选择受理镇街（街道/镇一级）', noticeDays: '公示 {n} 天', noNotice: '不公示（保护隐私）',
      deadline: '{n} 个工作日内决定', oneOff: '一次性发放', unitPerson: '按个人认定', unitHousehold: '按家庭认定',
      relation: '与申请人关系', relationRequired: '请选择与申请人的关系', findings: '调查认定情况', father: '父亲状况', mother: '母亲状况',
      parentRequired: '请填写保障对象父母的状况', selfcare: '不能自理的日常活动项数（0–6）', membersHint: '家庭成员取自人口库当前登记；请核对与申请人的关系，并记录影响认定的情况。',
      membersElsewhere: '申请人不在本辖区，家庭成员将由办理镇街按人口库登记核对。',
      authorized: '申请人已签署家庭经济状况核对授权书（第九条）', authorizedRequired: '须取得申请人签署的核对授权书后方可受理',
      truthful: '申请人已书面承诺所申报的家庭成员、收入和财产情况真实完整', truthfulRequired: '须取得申请人的如实申报承诺',
      applyAlone: '按单人户申请（第八条：重病、重残等人员）', bank: '收款银行账号', bankPh: '8–32位数字',
      bankRequired: '请填写收款银行账号', bankFormat: '银行账号应为8到32位数字', conflict: '申请人声明与经办人员或村（居）委会成员有近亲属关系',
      conflictDetail: '近亲属情况', conflictPh: '如：申请人之子为某社区居委会委员', conflictRequired: '请说明近亲属关系',
      note: '受理备注', notePh: '如：书面申请，材料齐全', channel: '申请方式', written: '书面申请', online: '网上申请', agent: '委托代理人申请',
      next: '下一步', prev: '上一步', submit: '确认受理', submitted: '已受理，案件号 {id}', check: '请核对以下受理信息',
      notePrefix: '{channel}；已签署核对授权书；已书面承诺如实申报', yes: '是', no: '否', age: '{n}岁',
      stepInvalid: '请先完成本步骤中标红的内容', noFindings: '无特殊情况',
    },
    notice: {
      title: '社会救助公示', division: '公示范围', divisionPh: '选择社区或街道', print: '打印', xlsx: '下载 XLSX',
      date: '公示日期', program: '项目', name: '姓名', idNumber: '身份证号', size: '家庭人数', amount: '月保障金额（元）',
      period: '公示期', community: '社区', empty: '当前没有公示中的案件', objection: '异议', objectionOpen: '登记/处理', objections: '异议 {n} 件',
      heading: '{name}社会救助审核确认公示', openCase: '打开案件', caseNo: '案件号', privacy: '依第二十四条保护隐私：姓名、身份证号部分隐去。',
    },
    payroll: {
      title: '资金发放', month: '发放月份', district: '发放范围', city: '全市', run: '编制发放批次', runHint: '同一月份重复编制不会重复发放（幂等）',
      runs: '发放批次', id: '批次号', seq: '序号', scope: '范围', status: '状态', lines: '笔数', total: '金额（元）',
      createdBy: '编制人', approvedBy: '审批人', releasedBy: '出文件人', createdAt: '编制时间', approvedAt: '审批时间',
      releasedAt: '出文件时间', created: '发放批次已编制：{n} 笔，{t} 元', approve: '审批', approveConfirm: '审批后批次 {id}（{n} 笔，合计 {t} 元）即可生成银行代发文件。确定审批吗？',
      approved: '批次已审批', selfApprove: '发放批次须由编制人以外的人员审批（双人复核）', bankFile: '下载银行代发文件',
      bankConfirm: '生成银行代发文件后，待发送的明细将标记为“已发送银行”，批次标记为已出文件。确定生成吗？',
      bankNeedsApproval: '批次审批后才能生成银行代发文件', reconcile: '导入银行回盘文件', reconcileHint: 'CSV：payment_id,status,bank_ref,reason；status 为 paid（到账）或 failed（失败，须写原因）',
      chooseFile: '选择回盘文件', reconcileBad: '回盘文件有 {n} 行错误，未导入：', reconcileOk: '对账完成：到账 {paid} 笔，失败 {failed} 笔（失败的将在下一批次重发）',
      line: '第 {n} 行', badId: 'payment_id 应为正整数', badStatus: 'status 应为 paid 或 failed', badReason: '失败的明细须写明原因',
      reconcileSubmit: '导入', preview: '待导入：到账 {paid} 笔，失败 {failed} 笔', detail: '批次详情', byStatus: '按状态',
      byDistrict: '按区、项目汇总', linesTitle: '发放明细', enrollment: '待遇号', kind: '类型', attempts: '次数', bankRef: '银行流水号',
      failReason: '失败原因', overpaid: '多发', program: '项目', division: '区划', amount: '金额（元）', notFound: '发放批次不存在或不在您的范围内',
      readOnly: '审计员只能查看', monthRequired: '请选择发放月份', back: '返回批次列表',
    },
    totals: {
      title: '发放统计', month: '月份', byDistrict: '各区发放金额（元）', byProgram: '各项目发放金额（元）',
      district: '区', program: '项目', lines: '笔数', total: '金额（元）', sum: '合计：{n} 笔，{t} 元', empty: '该月没有发放数据',
      exact: '金额由数据库按分汇总，精确到分', sumLabel: '合计',
    },
    common: { yuan: '{v} 元', loadFailed: '加载失败', all: '全部', none: '—' },
  },
  en: {
    program: {
      dibao: 'Minimum living guarantee', tekun: 'Extreme poverty support', orphan: 'Orphan allowance',
      unattended_child: 'De facto unattended child allowance', disability_living: 'Disability living subsidy',
      disability_care: 'Severe disability care subsidy', temp_aid: 'Temporary assistance',
    },
    state: {
      accepted: 'Accepted', verifying: 'Verification', investigating: 'Home visit', reviewing: 'Review',
      notice: 'Public notice', refused: 'Refused', aid_paid: 'Paid first', paying: 'Paying', suspended: 'Suspended',
      periodic_review: 'Periodic review', ended: 'Ended', withdrawn: 'Withdrawn',
    },
    task: {
      start_investigation: 'Start the home visit', decide: 'Decide', notify_refusal: 'Deliver written reasons',
      periodic_review: 'Periodic review', reverify_discrepancy: 'Review a verification discrepancy',
    },
    event: { accept: 'Application accepted' },
    relation: {
      applicant: 'Applicant', spouse: 'Spouse', child: 'Child', parent: 'Parent', sibling: 'Sibling',
      grandparent: 'Grandparent', grandchild: 'Grandchild', child_in_law: 'Child-in-law', other_relation: 'Other',
      head: 'Head', other: 'Other',
    },
    flag: {
      full_time_student: 'Full-time student', cannot_live_independently: 'Cannot live independently', major_illness: 'Major illness',
      unemployed: 'Unemployed', needs_long_term_care: 'Needs long-term care', lacks_legal_capacity: 'Lacks legal capacity',
      support_duty: 'Statutory duty of support', lives_together: 'Lives together long-term', in_prison: 'In prison',
      compulsory_rehab: 'Compulsory rehab', declared_missing: 'Declared missing', religious_apart: 'Religious, apart 3+ years',
      local_hukou: 'Local hukou', receives_dibao: 'Receives dibao',
    },
    parent: {
      present: 'Present', dead: 'Dead', untraceable: 'Untraceable', missing: 'Declared missing', severely_disabled: 'Severely disabled',
      seriously_ill: 'Seriously ill', imprisoned: 'In prison', in_rehab: 'In rehab', out_of_contact: 'Out of contact 6+ months',
    },
    runStatus: { draft: 'Draft', approved: 'Approved', released: 'Bank file issued' },
    payStatus: { pending: 'Pending', sent: 'Sent to bank', paid: 'Paid', failed: 'Failed', cancelled: 'Cancelled' },
    payKind: { regular: 'Regular', back_pay: 'Back pay' },
    outcome: { upheld: 'Upheld', dismissed: 'Dismissed' },
    menu: { cases: 'My cases', intake: 'New application', notices: 'Public notice', payroll: 'Payroll', totals: 'Payment totals' },
    queue: {
      title: 'Cases', program: 'Program', state: 'State', division: 'Division', overdueOnly: 'Overdue only',
      openOnly: 'Open only', id: 'Case', applicant: 'Applicant', idNumber: 'ID number', nextTask: 'Next step', due: 'Due',
      decisionDue: 'Decision due', accepted: 'Accepted', amount: 'Monthly (yuan)', overdue: 'Overdue', overdueCount: '{n} overdue',
      empty: 'No case matches', newCase: 'New application', elsewhere: 'Accepted elsewhere', coi: 'Staff relative', readOnly: 'Read only',
      intakeStreet: 'Intake',
    },
    case: {
      title: 'Case', notFound: 'No such case in your scope', back: 'Back to cases',
      readOnly: 'The street of the household ({street}) handles this case; the accepting street may only read it.',
      coi: 'Relative of staff: {detail}. The district decides this case (Art. 11, 20).',
      basic: 'Details', applicant: 'Applicant', address: 'Address', community: 'Community', intakeStreet: 'Accepted by',
      responsible: 'Handled by', acceptedOn: 'Accepted on', investigationDue: 'Home visit starts by', decisionDue: 'Decision due',
      noticePeriod: 'Public notice', decision: 'Decision', decidedOn: 'Decided on', reasons: 'Reasons', delegated: 'Decision',
      delegatedYes: 'Delegated to the street (20 working days)', delegatedNo: 'By the district (30 working days)', variant: 'Variant',
      emergency: 'Emergency (pay first)', amount: 'Amount (yuan/month)', amountOneOff: 'Amount (yuan)', computed: 'Computed by the rules', assessed: 'Assessed by the caseworker (within the rules\' street ceiling)',
      overridden: 'Overridden (computed {v})', overrideBy: 'By {by}: {reason}', notEvaluated: 'Not evaluated yet',
      enrollment: 'Enrollment', approved: 'Approved', refused: 'Refused', actions: 'Actions', noActions: 'No action is open to you in this state',
      evaluate: 'Evaluate', evaluateHint: 'Apply the rules: eligibility and amount, with the trace kept',
      verify: 'Verify', verifyHint: 'Compare agency data with the declaration', override: 'Override amount',
      tabs: { members: 'Members', verification: 'Verification', trace: 'Decision trace', timeline: 'Timeline', attachments: 'Documents', tasks: 'Deadlines', objections: 'Objections' },
      member: 'Member', relation: 'Relation', sex: 'Sex', birth: 'Birth date', disability: 'Disability', findings: 'Findings',
      deceased: 'Deceased', phaseOutUntil: 'gradual exit until {m}', nextReview: 'next review {d}',
    },
    enrollStatus: { active: 'Active', suspended: 'Suspended', ended: 'Ended' },
    act: {
      note: 'Note', notePh: 'Your note or reasons', noteRequired: 'A note with the reasons is required', noteShort: 'At least 2 characters',
      investigators: 'Investigators (at least 2, Art. 16)', investigatorPh: 'Name', addInvestigator: 'Add investigator',
      investigatorsRequired: 'A home visit needs at least two investigators',
      months: 'Gradual exit (months)', monthsHint: 'At most {n} months (Art. 33)', attach: 'Documents', basis: 'Basis',
      confirm: 'Confirm', done: 'Done: {label}', confirmTitle: 'Please confirm',
      confirmApprove: 'Approve and pay {amount} yuan a month from next month?',
      confirmOneOff: 'Approve a one-off payment of {amount} yuan?',
      confirmRefuse: 'Refuse? Written reasons are due within 3 working days.',
      confirmTerminate: 'End the benefit from next month and close the case?',
      confirmWithdraw: 'Record the withdrawal and close the case?',
      confirmPayFirst: 'Pay {amount} yuan now and verify afterwards?',
      evalTempTitle: 'Assess the temporary aid', evalAmount: 'Amount (yuan)', evalReason: 'How it was assessed',
      evalAmountInvalid: 'Enter yuan with at most two decimals', evalReasonShort: 'At least 4 characters',
      evalDone: 'Evaluated', verifyDone: 'Verification report ready',
      overrideTitle: 'Override the amount', overrideNotice: 'The rules computed this amount. An override needs a justification and is audited.',
      overrideAmount: 'New amount (yuan)', overrideReason: 'Justification', overrideReasonShort: 'At least 10 characters',
      overrideDone: 'Amount overridden', computedAmount: 'Computed amount',
    },
    trace: {
      none: 'Not evaluated yet. Evaluate once the case is under review.', eligible: 'Eligible', notEligible: 'Not eligible',
      date: 'Date', amount: 'Amount', conditions: 'Conditions', condition: 'Condition', passed: 'Result', values: 'Computation',
      text: 'With values', params: 'Parameters in force', param: 'Parameter', value: 'Value', from: 'From', source: 'Source',
      members: 'Per member', pass: 'Met', fail: 'Not met', also: 'The household may also qualify for:', input: 'The household as the rules read it',
      assessed: 'Amount assessed by the caseworker', assessedReason: 'Basis', ceiling: 'Street ceiling (rules)', reasons: 'Conditions not met',
    },
    verify: {
      none: 'No verification report yet.', asOf: 'As of', by: 'By', discrepancies: '{n} discrepancies', noDisc: 'No discrepancy',
      category: 'Category', kind: 'Kind', declared: 'Declared (yuan)', agency: 'Agency (yuan)', source: 'Source', dataAsOf: 'Data as of',
      disc: 'Discrepancy', income: 'Income', asset: 'Asset', housing: 'Dwellings', vehicle: 'Vehicles', noLines: 'Nothing declared or reported',
      rerun: 'Verify again',
    },
    timeline: { by: '{login} ({role})', from: '{from} → {to}', investigators: 'Investigators: {names}', attachments: 'Documents: {names}' },
    att: {
      name: 'File', type: 'Type', size: 'Size', sha: 'SHA-256', by: 'By', at: 'At', add: 'Record a document',
      hint: 'The caseworker keeps the original; the system records its name, size and SHA-256 fingerprint.', choose: 'Choose a file',
      added: 'Document recorded', none: 'No documents', noCrypto: 'This browser cannot fingerprint files (HTTPS needed); name and size only',
    },
    tasks: { kind: 'Task', due: 'Due', basis: 'Basis', done: 'Done', open: 'Open', overdue: 'Overdue' },
    obj: {
      add: 'Record objection', content: 'Objection', contentPh: 'What was reported (at least 4 characters)', contentShort: 'At least 4 characters',
      receivedOn: 'Received', receivedBy: 'By', outcome: 'Outcome', handling: 'Handling', handle: 'Handle',
      handlingShort: 'At least 4 characters', outcomeRequired: 'Choose an outcome', added: 'Objection recorded',
      handled: 'Objection handled', none: 'No objections', open: 'Open', notInNotice: 'Objections are recorded during the notice only',
      upheldHint: 'If upheld, re-investigate from the case page',
    },
    intake: {
      title: 'New application', steps: { applicant: 'Applicant', program: 'Program', members: 'Members', declare: 'Declarations', confirm: 'Confirm' },
      idNumber: 'Applicant ID number', idPh: '18-character citizen ID number', find: 'Find', idRequired: 'Enter the applicant ID number',
      id15: '15-digit ID numbers are no longer valid; use the 18-character number', idFormat: '18 characters: 17 digits and a digit or X',
      idDate: 'The birth date in the ID number is invalid', idCheck: 'The check character is wrong', notFound: 'No person with this ID number in your scope.',
      elsewhere: 'If the applicant lives in another street, accept city-wide: the case goes to the street of the household.',
      acceptElsewhere: 'Accept city-wide (applicant outside my scope)', noHousehold: 'The person is in no household: record the household first.',
      deceased: 'The registry records this person as deceased.', person: 'Applicant', household: 'Household', members: 'Members',
      findFirst: 'Find the applicant first', program: 'Program', programRequired: 'Choose a program', variant: 'Variant',
      emergency: 'Emergency (pay first)', spending: 'Spending-driven (full procedure)', beneficiary: 'Beneficiary',
      beneficiaryRequired: 'Choose the beneficiary', beneficiaryId: 'Beneficiary ID number', delegated: 'Decision delegated to the street',
      delegatedHint: 'Delegated: decide within 20 working days; otherwise the district within 30', intakeStreet: 'Accepting street',
      intakeStreetRequired: 'Choose the accepting street (street/town level)', noticeDays: '{n}-day notice', noNotice: 'No notice (privacy)',
      deadline: 'Decide within {n} working days', oneOff: 'One-off', unitPerson: 'Per person', unitHousehold: 'Per household',
      relation: 'Relation to applicant', relationRequired: 'Choose the relation', findings: 'Findings', father: 'Father', mother: 'Mother',
      parentRequired: 'State both parents\' situation', selfcare: 'Daily activities not achieved (0-6)', membersHint: 'Members as the registry has them; check relations and record findings.',
      membersElsewhere: 'The applicant is outside your scope; the handling street checks the members.',
      authorized: 'The applicant signed the verification authorisation (Art. 9)', authorizedRequired: 'The signed authorisation is required',
      truthful: 'The applicant declared in writing that the information is true and complete', truthfulRequired: 'The written declaration is required',
      applyAlone: 'Apply as a single-person household (Art. 8)', bank: 'Bank account', bankPh: '8-32 digits',
      bankRequired: 'Enter the bank account', bankFormat: 'The bank account has 8 to 32 digits', conflict: 'The applicant is related to staff or a committee member',
      conflictDetail: 'Relationship', conflictPh: 'e.g. son is a member of the residents\' committee', conflictRequired: 'Describe the relationship',
      note: 'Note', notePh: 'e.g. written application, documents complete', channel: 'Channel', written: 'Written', online: 'Online', agent: 'By an agent',
      next: 'Next', prev: 'Back', submit: 'Accept', submitted: 'Accepted: case {id}', check: 'Check before accepting',
      notePrefix: '{channel}; verification authorised; declaration signed', yes: 'Yes', no: 'No', age: '{n} y',
      stepInvalid: 'Complete the fields marked in red first', noFindings: 'Nothing to record',
    },
    notice: {
      title: 'Public notice', division: 'Community', divisionPh: 'Choose a community or street', print: 'Print', xlsx: 'Download XLSX',
      date: 'Date', program: 'Program', name: 'Name', idNumber: 'ID number', size: 'Household', amount: 'Monthly (yuan)',
      period: 'Notice period', community: 'Community', empty: 'No case under public notice', objection: 'Objection', objectionOpen: 'Record/handle', objections: '{n} objections',
      heading: 'Social assistance notice: {name}', openCase: 'Open case', caseNo: 'Case', privacy: 'Names and ID numbers partly hidden (Art. 24).',
    },
    payroll: {
      title: 'Payroll', month: 'Month', district: 'Scope', city: 'Whole city', run: 'Prepare run', runHint: 'Preparing a month again never pays twice',
      runs: 'Runs', id: 'Run', seq: 'Seq.', scope: 'Scope', status: 'Status', lines: 'Lines', total: 'Total (yuan)',
      createdBy: 'Prepared by', approvedBy: 'Approved by', releasedBy: 'Issued by', createdAt: 'Prepared at', approvedAt: 'Approved at',
      releasedAt: 'Issued at', created: 'Run prepared: {n} lines, {t} yuan', approve: 'Approve', approveConfirm: 'Approve run {id} ({n} lines, {t} yuan)?',
      approved: 'Run approved', selfApprove: 'Someone other than the preparer must approve (four eyes)', bankFile: 'Download bank file',
      bankConfirm: 'Issue the bank file? Pending lines become "sent to bank".',
      bankNeedsApproval: 'Approve the run before issuing the bank file', reconcile: 'Import bank return file', reconcileHint: 'CSV: payment_id,status,bank_ref,reason; status paid or failed (with a reason)',
      chooseFile: 'Choose file', reconcileBad: '{n} bad rows, nothing imported:', reconcileOk: 'Reconciled: {paid} paid, {failed} failed (retried next run)',
      line: 'Line {n}', badId: 'payment_id must be a positive number', badStatus: 'status must be paid or failed', badReason: 'A failed line needs a reason',
      reconcileSubmit: 'Import', preview: 'To import: {paid} paid, {failed} failed', detail: 'Run', byStatus: 'By status',
      byDistrict: 'By district and program', linesTitle: 'Lines', enrollment: 'Enrollment', kind: 'Kind', attempts: 'Attempts', bankRef: 'Bank ref.',
      failReason: 'Failure', overpaid: 'Overpaid', program: 'Program', division: 'Division', amount: 'Amount (yuan)', notFound: 'No such run in your scope',
      readOnly: 'Auditors may only read', monthRequired: 'Choose the month', back: 'Back to runs',
    },
    totals: {
      title: 'Payment totals', month: 'Month', byDistrict: 'By district (yuan)', byProgram: 'By program (yuan)',
      district: 'District', program: 'Program', lines: 'Lines', total: 'Total (yuan)', sum: 'Total: {n} lines, {t} yuan', empty: 'No payments in this month',
      exact: 'Summed by the database in fen: exact', sumLabel: 'Total',
    },
    common: { yuan: '{v} yuan', loadFailed: 'Loading failed', all: 'All', none: '—' },
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

export function at(key, params) {
  const s = lookup(messages[locale.value], key) ?? lookup(messages['zh-CN'], key) ?? key
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m)) : s
}

// A value of a label group ("state", "program", ...); unknown values show as they are.
export function al(group, value) {
  if (value === null || value === undefined || value === '') return ''
  const g = messages[locale.value][group] || {}
  const z = messages['zh-CN'][group] || {}
  return g[value] ?? z[value] ?? String(value)
}

// Money is integer fen on the wire; shown as yuan with two decimals, computed with
// BigInt so the digits stay exact (no floating point anywhere on the way).
export function yuan(fen, { sep = false } = {}) {
  if (fen === null || fen === undefined || fen === '') return '—'
  const n = BigInt(fen)
  const a = n < 0n ? -n : n
  let whole = (a / 100n).toString()
  if (sep) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${n < 0n ? '-' : ''}${whole}.${String(a % 100n).padStart(2, '0')}`
}

export const YUAN_RE = /^\d{1,9}(\.\d{1,2})?$/
// "1500" -> "1500.00", "12.5" -> "12.50": the server parses yuan text exactly.
export function normYuan(s) {
  const [w, f = ''] = String(s).trim().split('.')
  return `${w}.${f.padEnd(2, '0')}`
}

export function stateType(s) {
  switch (s) {
    case 'paying': return 'success'
    case 'notice': return 'warning'
    case 'refused': case 'ended': case 'withdrawn': return 'info'
    case 'suspended': return 'danger'
    default: return 'primary'
  }
}

// GB 11643-1999: 18 characters, a real birth date, the check character.
// Returns '' when valid, else the key of the message.
export function idNumberProblem(raw) {
  const v = String(raw || '').trim().toUpperCase()
  if (!v) return 'intake.idRequired'
  if (/^\d{15}$/.test(v)) return 'intake.id15'
  if (!/^\d{17}[\dX]$/.test(v)) return 'intake.idFormat'
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (y < 1880 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return 'intake.idDate'
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(v[i]) * w[i]
  if ('10X98765432'[s % 11] !== v[17]) return 'intake.idCheck'
  return ''
}

// Metadata of a chosen file: the file itself stays with the caseworker.
export async function fileMeta(file) {
  const meta = { name: file.name, content_type: file.type || 'application/octet-stream', size_bytes: file.size }
  if (globalThis.crypto && crypto.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
    meta.sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  }
  return meta
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

// "YYYY-MM" of Beijing today, plus n months.
export function monthOf(offset = 0) {
  const now = new Date(Date.now() + 8 * 3600 * 1000)
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`
}

export function beijingToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

// Downloads a file from a GET endpoint with the session cookie (no CSRF needed for GET).
export async function download(path, fallbackName) {
  const res = await fetch('/api/v1' + path, { credentials: 'same-origin' })
  if (!res.ok) {
    let err = {}
    try { err = (await res.json()).error || {} } catch { /* not JSON */ }
    const e = new Error(locale.value === 'en' ? err.message || `HTTP ${res.status}` : err.message_zh || err.message || `HTTP ${res.status}`)
    e.status = res.status
    throw e
  }
  const blob = await res.blob()
  const cd = res.headers.get('content-disposition') || ''
  const m = /filename="([^"]+)"/.exec(cd)
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = fallbackName || (m ? m[1] : 'download')
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
  return blob
}

// The programs' declared processes (GET /assistance/programs), loaded once:
// step labels for the timeline, notice days, deadlines, the gradual-exit limit.
let programsPromise = null
export function programsInfo() {
  if (!programsPromise) {
    programsPromise = api.get('/assistance/programs').then((d) => Object.fromEntries((d.items || []).map((p) => [p.code, p])))
      .catch((e) => { programsPromise = null; throw e })
  }
  return programsPromise
}
