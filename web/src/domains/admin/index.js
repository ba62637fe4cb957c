// The administration module (系统管理): users, the audit log, and the jobs the
// server runs with the delivery of their events.
import { UserFilled, Document, Timer, Calendar } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'admin',
  messages,
  access: ACCESS,
  routes: [
    { path: 'users', name: 'users', page: () => import('./pages/Users.vue'), access: 'users', title: 'menu.users', menu: UserFilled },
    { path: 'audit', name: 'audit', page: () => import('./pages/Audit.vue'), access: 'audit', title: 'menu.audit', menu: Document },
    { path: 'jobs', name: 'jobs', page: () => import('./pages/Jobs.vue'), access: 'jobs', title: 'menu.jobs', menu: Timer },
    { path: 'calendar', name: 'calendar', page: () => import('./pages/Calendar.vue'), access: 'calendar', title: 'menu.calendar', menu: Calendar },
  ],
}
