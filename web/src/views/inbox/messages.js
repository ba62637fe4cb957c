// The bell's words (components/NoticeBell.vue, views/Inbox.vue), Chinese
// first. A notice is stored as a kind and its facts (params); its title and
// body are made here, in the reader's language.
export default {
  title: ['消息通知', 'Notices'],
  bell: ['消息通知', 'Notices'],
  latest: ['最新通知', 'Latest notices'],
  all: ['查看全部', 'View all'],
  markAll: ['全部标为已读', 'Mark all read'],
  markedAll: ['已将 {n} 条通知标为已读', '{n} notices marked read'],
  none: ['暂无通知', 'No notices'],
  unreadOnly: ['只看未读', 'Unread only'],
  kindFilter: ['通知类别', 'Kind'],
  allKinds: ['全部类别', 'All kinds'],
  unread: ['未读', 'Unread'],
  read: ['已读', 'Read'],
  unreadCount: ['{n} 条未读', '{n} unread'],
  received: ['时间', 'Received'],
  content: ['内容', 'Notice'],
  open: ['查看', 'Open'],
  failed: ['通知加载失败', 'Could not load the notices'],
  kind: {
    case_deadline: ['办理期限临近', 'Deadline near'],
    case_overdue: ['办理已逾期', 'Deadline passed'],
    notice_ending: ['公示即将期满', 'Public notice ending'],
    objection_open: ['公示异议待处理', 'Objection to answer'],
    case_transferred: ['异地受理转入', 'Case handed over'],
    case_decided: ['上级已作决定', 'Decided above the street'],
    payment_returned: ['发放被退回', 'Payment returned'],
  },
  body: {
    case_deadline: ['{program}案件 #{case_id}：{task}，期限 {due_on}', '{program} case #{case_id}: {task}, due {due_on}'],
    case_overdue: ['{program}案件 #{case_id}：{task}，期限 {due_on} 已过', '{program} case #{case_id}: {task}, was due {due_on}'],
    notice_ending: ['{program}案件 #{case_id} 公示至 {notice_until}，期满后可作决定', '{program} case #{case_id} is on public notice until {notice_until}; decide after it ends'],
    objection_open: ['{program}案件 #{case_id} 于 {received_on} 收到公示异议，请核实处理', '{program} case #{case_id} received an objection on {received_on}; answer it'],
    case_transferred: ['镇街 {intake_street} 受理的{program}申请已转本街道办理（案件 #{case_id}）', 'A {program} application accepted by street {intake_street} is now yours (case #{case_id})'],
    case_decided: ['{program}案件 #{case_id}：区级{action}', '{program} case #{case_id}: the district decided ({action})'],
    payment_returned: ['{month} 发放批次 #{run_id}：{amount} 元被银行退回（{reason}）', 'Run #{run_id} for {month}: {amount} yuan returned by the bank ({reason})'],
  },
  action: {
    approve: ['批准', 'approved'], refuse: ['不予批准', 'refused'], pay_first: ['先行救助', 'paid first'],
  },
}
