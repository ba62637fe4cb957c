// The social-assistance module (社会救助): the street's case queue and case
// file, one-window intake, the public notice, payroll runs and payment totals.
import { Tickets, EditPen, Notification, Money, Histogram, Warning } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'assistance',
  messages,
  access: ACCESS,
  routes: [
    { path: 'assistance/cases', name: 'as-cases', page: () => import('./pages/CaseQueue.vue'), access: 'cases', title: 'menu.cases', menu: Tickets },
    { path: 'assistance/cases/:id', name: 'as-case', page: () => import('./pages/CaseDetail.vue'), access: 'cases', title: 'menu.case', parent: 'assistance/cases' },
    { path: 'assistance/intake', name: 'as-intake', page: () => import('./pages/IntakeWizard.vue'), access: 'intake', title: 'menu.intake', menu: EditPen },
    { path: 'assistance/notices', name: 'as-notices', page: () => import('./pages/NoticeBoard.vue'), access: 'staff', title: 'menu.notices', menu: Notification },
    { path: 'assistance/payroll', name: 'as-payroll', page: () => import('./pages/PayrollRuns.vue'), access: 'payroll', title: 'menu.payroll', menu: Money },
    { path: 'assistance/payroll/:id', name: 'as-payroll-run', page: () => import('./pages/PayrollRun.vue'), access: 'payroll', title: 'menu.payroll', parent: 'assistance/payroll' },
    { path: 'assistance/integrity', name: 'as-integrity', page: () => import('./pages/IntegrityRegister.vue'), access: 'cases', title: 'menu.integrity', menu: Warning },
    { path: 'assistance/totals', name: 'as-totals', page: () => import('./pages/PaymentTotals.vue'), access: 'payroll', title: 'menu.totals', menu: Histogram },
  ],
}
