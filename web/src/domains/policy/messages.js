// The policy pages' words (rules as code: programs, try it, the screening
// worklist), as ['中文', 'English'] pairs; t('policy.<key>').
export default {
  menu: { title: ['政策规则', 'Rules as code'], programs: ['政策项目与试算', 'Programs & try it'], worklist: ['政策找人', 'Screening worklist'] },
  programs: {
    title: ['政策项目', 'Programs'], perPerson: ['按人', 'per person'], perHousehold: ['按户', 'per household'],
    params: ['参数', 'Parameters'], from: ['起始日期', 'From'], division: ['区划', 'Division'], cityWide: ['全市', 'city-wide'],
    value: ['值', 'Value'], line: ['规则行', 'Line'], param: ['参数', 'Parameter'], name: ['名称', 'Name'],
    current: ['现行值', 'Current'], since: ['自', 'Since'], changes: ['调整次数', 'Changes'],
    conditions: ['条件', 'Conditions'], condition: ['条件', 'Condition'], rule: ['规则', 'Rule'], lineNo: ['行', 'Line'],
    text: ['规则原文', 'Rules text'],
  },
  tryit: {
    title: ['试算：输入一个家庭，查看每个项目的判定过程', 'Try it: decide one household and see the trace'],
    date: ['测算日期', 'Date'], rural: ['农村家庭', 'rural'], relation: ['关系', 'Relation'], birth: ['出生日期', 'Birth date'],
    income: ['月收入（元）', 'Monthly income (yuan)'], addIncome: ['收入', 'income'], remove: ['删除', 'Remove'],
    addMember: ['添加成员', 'Add member'], evaluate: ['试算', 'Evaluate'], eligible: ['符合', 'eligible'],
    notEligible: ['不符合', 'not eligible'], perMonth: ['元/月', 'yuan/month'], condition: ['条件', 'Condition'],
    values: ['计算', 'Values'], param: ['参数', 'Parameter'], value: ['取值', 'Value'], from: ['起始', 'From'],
    source: ['来源行', 'Dated line'],
  },
  worklist: {
    title: ['政策找人工作清单', 'Screening worklist'], xlsx: ['导出 Excel', 'Export XLSX'],
    fileName: ['政策找人工作清单.xlsx', 'screening-worklist.xlsx'], division: ['区划', 'Division'],
    divisionPh: ['如 440105001001', 'e.g. 440105001001'], program: ['项目', 'Program'], kind: ['类型', 'Kind'],
    search: ['查询', 'Search'], empty: ['没有待处理事项', 'Nothing to follow up'], community: ['社区', 'Community'],
    household: ['家庭', 'Household'], computed: ['测算（元/月）', 'Computed (yuan)'], paid: ['现发（元/月）', 'Paid (yuan)'],
    failed: ['未通过条件', 'Failed condition'], date: ['测算日期', 'Date'],
  },
  kind: {
    eligible_not_enrolled: ['符合条件未纳入', 'Eligible, not enrolled'],
    enrolled_not_eligible: ['已纳入但不再符合', 'Enrolled, no longer eligible'], amount_changed: ['金额变化', 'Amount changed'],
  },
}
