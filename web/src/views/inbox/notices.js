// The bell's state and words, shared by the header's bell and the notices
// page: the unread count (polled, and set from every answer that carries
// it), the title and body of a notice in the reader's language, and opening
// a notice (marked read, then its page).
import { reactive } from 'vue'
import { api } from '../../lib/api.js'
import { addMessages, t, label, hasLabel } from '../../lib/i18n.js'
import { yuan } from '../../lib/money.js'
import messages from './messages.js'

addMessages('inbox', messages)

export const bell = reactive({ unread: null, latest: [], loading: false })

export async function refreshUnread() {
  try {
    bell.unread = (await api.get('/inbox/unread', undefined, { quiet401: true })).unread
  } catch {
    // The count stays as it was; the next poll tries again.
  }
}

export async function loadLatest(size = 8) {
  bell.loading = true
  try {
    const d = await api.get('/inbox', { page_size: size })
    bell.latest = d.items || []
    bell.unread = d.unread
  } finally {
    bell.loading = false
  }
}

export function noticeTitle(n) {
  return t(`inbox.kind.${n.kind}`)
}

export function noticeBody(n) {
  const p = n.params || {}
  const words = {
    ...p,
    program: p.program ? label('assistance.program', p.program) : '',
    task: p.task && hasLabel('assistance.task', p.task) ? label('assistance.task', p.task) : (p.task || ''),
    action: p.action ? label('inbox.action', p.action) : '',
    amount: p.amount_fen !== undefined ? yuan(p.amount_fen) : '',
  }
  return t(`inbox.body.${n.kind}`, words)
}

// Marks n read (when unread) and gives the page it opens.
export async function openNotice(n) {
  if (n.unread) {
    try {
      const r = await api.post(`/inbox/${n.id}/read`, {})
      n.unread = false
      bell.unread = r.unread
      const l = bell.latest.find((x) => x.id === n.id)
      if (l) l.unread = false
    } catch {
      await refreshUnread()
    }
  }
  return n.link || '/inbox'
}

export async function markAllRead() {
  const r = await api.post('/inbox/read-all', {})
  bell.unread = 0
  for (const n of bell.latest) n.unread = false
  return r.marked
}
