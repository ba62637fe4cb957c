// The posthumous module (身后事): death registration, the one-stop
// posthumous cases with every department's matter tracked to its receipt,
// the family's progress page, and funerals (eco-burial rate, funeral homes).
import { Document, Finished, Search, Histogram, Tickets } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'posthumous',
  messages,
  access: ACCESS,
  routes: [
    { path: 'posthumous/deaths', name: 'ph-deaths', page: () => import('./pages/Deaths.vue'), access: 'read', title: 'menu.deaths', menu: Document },
    { path: 'posthumous/deaths/:id', name: 'ph-death', page: () => import('./pages/DeathCase.vue'), access: 'read', title: 'menu.deaths', parent: 'posthumous/deaths' },
    { path: 'posthumous/progress', name: 'ph-progress', page: () => import('./pages/Progress.vue'), access: 'write', title: 'menu.progress', menu: Search },
    { path: 'posthumous/funerals', name: 'ph-funerals', page: () => import('./pages/Funerals.vue'), access: 'read', title: 'menu.funerals', menu: Histogram },
    { path: 'posthumous/cremations', name: 'ph-cremations', page: () => import('./pages/Cremations.vue'), links: ['posthumous.home'], access: 'home', title: 'menu.cremations', menu: Tickets },
    { path: 'posthumous/matters', name: 'ph-matters', page: () => import('./pages/Matters.vue'), access: 'read', title: 'menu.matters', menu: Finished },
  ],
  // The family's own page, without signing in (rate-limited by the server).
  publicRoutes: [
    { path: '/public/posthumous/progress', name: 'ph-public-progress', page: () => import('./pages/PublicProgress.vue'), title: 'menu.publicProgress' },
  ],
}
