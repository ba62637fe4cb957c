// The volunteer module (志愿服务): volunteers, service orders and their
// dispatch (群众点单、平台派单、志愿者接单、群众评单), the volunteer's phone
// page, the time bank's ledger, activities and 老伙伴 pairings.
import { UserFilled, Tickets, Iphone, Coin, Flag, Connection } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'volunteer',
  messages,
  access: ACCESS,
  routes: [
    { path: 'volunteer/mine', name: 'vol-mine', page: () => import('./pages/MyOrders.vue'), links: ['volunteer.self'], access: 'volunteer', title: 'menu.mine', menu: Iphone },
    { path: 'volunteer/volunteers', name: 'vol-volunteers', page: () => import('./pages/Volunteers.vue'), access: 'staff', title: 'menu.volunteers', menu: UserFilled },
    { path: 'volunteer/orders', name: 'vol-orders', page: () => import('./pages/Orders.vue'), access: 'staff', title: 'menu.orders', menu: Tickets },
    { path: 'volunteer/activities', name: 'vol-activities', page: () => import('./pages/Activities.vue'), links: ['volunteer.self'], access: 'activities', title: 'menu.activities', menu: Flag },
    { path: 'volunteer/pairings', name: 'vol-pairings', page: () => import('./pages/Pairings.vue'), access: 'staff', title: 'menu.pairings', menu: Connection },
    { path: 'volunteer/ledger', name: 'vol-ledger', page: () => import('./pages/Ledger.vue'), access: 'ledger', title: 'menu.ledger', menu: Coin },
  ],
}
