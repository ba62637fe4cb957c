// The deliberation module (居民议事厅): halls with their representatives,
// topics, meetings (quorum, minutes and amendments), resolutions with tasks,
// the execution rate per district, street and hall, and each hall's public
// page (no sign-in, no personal data).
import { ChatDotRound, Finished, TrendCharts } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'deliberation',
  messages,
  access: ACCESS,
  routes: [
    { path: 'deliberation/halls', name: 'dl-halls', page: () => import('./pages/Halls.vue'), access: 'read', title: 'menu.halls', menu: ChatDotRound },
    { path: 'deliberation/halls/:id', name: 'dl-hall', page: () => import('./pages/HallDetail.vue'), access: 'read', title: 'menu.halls', parent: 'deliberation/halls' },
    { path: 'deliberation/meetings/:id', name: 'dl-meeting', page: () => import('./pages/Meeting.vue'), access: 'read', title: 'menu.meeting', parent: 'deliberation/halls' },
    { path: 'deliberation/resolutions', name: 'dl-resolutions', page: () => import('./pages/Resolutions.vue'), access: 'read', title: 'menu.resolutions', menu: Finished },
    { path: 'deliberation/resolutions/:id', name: 'dl-resolution', page: () => import('./pages/Resolution.vue'), access: 'read', title: 'menu.resolution', parent: 'deliberation/resolutions' },
    { path: 'deliberation/rates', name: 'dl-rates', page: () => import('./pages/Rates.vue'), access: 'read', title: 'menu.rates', menu: TrendCharts },
  ],
  // Pages anyone may open without signing in (outside the staff layout).
  publicRoutes: [
    { path: '/public/deliberation/halls/:id', name: 'dl-public-hall', page: () => import('./pages/PublicHall.vue'), title: 'menu.publicHall' },
  ],
}
