// The safety-net module (困难群众兜底保障安全网): work orders (phone-sized for
// the community worker), alerts with their explanation, the events gathered,
// the monitoring rules, department accounts, and the residents' public form.
import { Tickets, Bell, Connection, Document, Key } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'safetynet',
  messages,
  access: ACCESS,
  // The residents' own requests (社区随约服务): no account.
  publicRoutes: [
    { path: '/help', name: 'sn-request', page: () => import('./pages/PublicRequest.vue'), title: 'menu.request' },
  ],
  routes: [
    { path: 'safetynet/orders', name: 'sn-orders', page: () => import('./pages/Orders.vue'), access: 'read', title: 'menu.orders', menu: Tickets },
    { path: 'safetynet/orders/:id', name: 'sn-order', page: () => import('./pages/OrderDetail.vue'), access: 'read', title: 'menu.orders', parent: 'safetynet/orders' },
    { path: 'safetynet/alerts', name: 'sn-alerts', page: () => import('./pages/Alerts.vue'), access: 'read', title: 'menu.alerts', menu: Bell },
    { path: 'safetynet/events', name: 'sn-events', page: () => import('./pages/Events.vue'), access: 'read', title: 'menu.events', menu: Connection },
    { path: 'safetynet/rules', name: 'sn-rules', page: () => import('./pages/Rules.vue'), access: 'read', title: 'menu.rules', menu: Document },
    { path: 'safetynet/departments', name: 'sn-departments', page: () => import('./pages/Departments.vue'), access: 'departments', title: 'menu.departments', menu: Key },
  ],
}
