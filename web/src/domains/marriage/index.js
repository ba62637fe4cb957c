// The marriage register (婚姻登记): the registration desk, marriages and
// their certificates, divorce by agreement with its cooling-off windows,
// appointments at any office of the city, and figures per office.
import { EditPen, Notebook, Timer, Calendar, DataAnalysis } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'marriage',
  messages,
  access: ACCESS,
  routes: [
    { path: 'marriage/desk', name: 'mar-desk', page: () => import('./pages/Desk.vue'), access: 'office', title: 'menu.desk', menu: EditPen },
    { path: 'marriage/marriages', name: 'mar-marriages', page: () => import('./pages/Marriages.vue'), access: 'read', title: 'menu.marriages', menu: Notebook },
    { path: 'marriage/marriages/:id', name: 'mar-marriage', page: () => import('./pages/MarriageDetail.vue'), access: 'read', title: 'menu.marriages', parent: 'marriage/marriages' },
    { path: 'marriage/divorces', name: 'mar-divorces', page: () => import('./pages/Divorces.vue'), access: 'read', title: 'menu.divorces', menu: Timer },
    { path: 'marriage/appointments', name: 'mar-appointments', page: () => import('./pages/Appointments.vue'), access: 'read', title: 'menu.appointments', menu: Calendar },
    { path: 'marriage/stats', name: 'mar-stats', page: () => import('./pages/Stats.vue'), access: 'read', title: 'menu.stats', menu: DataAnalysis },
  ],
}
