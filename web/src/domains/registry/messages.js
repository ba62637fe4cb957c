// The registry pages' words (persons and households), as ['中文', 'English'] pairs;
// t('registry.<key>'). The person's fields, which every domain shows (with sex,
// relations, disability, flags and history fields), are the shell's, in lib/i18n.js.
export default {
  menu: {
    title: ['人口户籍', 'Registry'], persons: ['人员查询', 'Persons'], households: ['家庭查询', 'Households'],
    person: ['人员详情', 'Person'], household: ['家庭详情', 'Household'],
  },
  household: {
    listTitle: ['家庭查询', 'Household search'], detailTitle: ['家庭详情', 'Household'], id: ['家庭编号', 'Household no.'],
    address: ['家庭住址', 'Address'], head: ['户主', 'Head'], memberCount: ['成员数', 'Members'],
    members: ['家庭成员', 'Members'], addMember: ['添加成员', 'Add member'], removeMember: ['移出成员', 'Remove member'],
    person: ['人员', 'Person'], personPh: ['输入姓名或完整身份证号搜索', 'Type a name or a full ID number'],
    relation: ['与户主关系', 'Relation to head'], relationPh: ['请选择关系', 'Choose a relation'],
    personRequired: ['请选择人员', 'Choose a person'], relationRequired: ['请选择与户主关系', 'Choose the relation to the head'],
    addConfirm: ['确定将 {name} 以“{relation}”身份加入本户吗？', 'Add {name} to this household as "{relation}"?'],
    removeConfirm: ['确定将 {name} 移出本户吗？此操作将记入家庭变更记录。', 'Remove {name} from this household? This is recorded in the household history.'],
    added: ['成员已加入', 'Member added'], removed: ['成员已移出', 'Member removed'],
    inOther: ['已在其他家庭', 'In another household'], noMembers: ['本户暂无成员', 'No members'],
    notFound: ['家庭不存在或不在您的管辖范围内', 'No such household in your scope'], divisionPh: ['按行政区划筛选', 'Filter by division'],
    noResult: ['未找到家庭', 'No household matches'],
    headPh: ['户主姓名或姓', "Head's name or surname"], addressPh: ['地址中的任意部分', 'Any part of the address'],
    memberId: ['成员身份证号', "A member's ID number"], size: ['家庭人数', 'Household size'],
    sizeN: ['{n} 人', '{n}'], sizeMore: ['{n} 人及以上', '{n} or more'],
    incomeBand: ['人均月收入', 'Monthly income per member'], program: ['救助项目', 'Program'],
    bandNone: ['无申报收入', 'No declared income'], bandUpTo: ['{n} 元及以下', 'Up to ¥{n}'],
    bandRange: ['{a}–{b} 元', '¥{a}–{b}'], bandAbove: ['{n} 元以上', 'Above ¥{n}'],
    incomePerCapita: ['人均月收入（元）', 'Income per member (¥/month)'],
    income: ['家庭月收入（元）', 'Household income (¥/month)'], memberIncome: ['月收入（元）', 'Income (¥/month)'],
    incomeNote: ['按成员申报的月收入合计，人均按分向下取整', 'Members\' declared monthly incomes; per member rounded down to the fen'],
    marks: ['标记', 'Marks'],
  },
  search: {
    capped: ['符合条件的记录超过 {n} 条，仅可翻阅前 {n} 条，请缩小查询范围。', 'More than {n} records match; only the first {n} can be paged through. Narrow the search.'],
  },
}
