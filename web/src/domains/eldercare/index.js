// The elderly-care module (养老服务): canteens and their counter, ability
// assessments, meal coverage, 平安通 calls, the care-home waiting list, monthly
// visits, home care beds, the monitor and the parameters.
import { Food, Bowl, Memo, MapLocation, PhoneFilled, OfficeBuilding, Calendar, HomeFilled, Histogram, Setting, Shop, CreditCard } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'eldercare',
  messages,
  access: ACCESS,
  routes: [
    { path: 'eldercare/counter', name: 'ec-counter', page: () => import('./pages/CanteenCounter.vue'), links: ['eldercare.canteen', 'eldercare.mixed'], access: 'counter', title: 'menu.counter', menu: Food },
    { path: 'eldercare/canteens', name: 'ec-canteens', page: () => import('./pages/Canteens.vue'), links: ['eldercare.canteen', 'eldercare.mixed'], access: 'canteens', title: 'menu.canteens', menu: Bowl },
    { path: 'eldercare/providers', name: 'ec-providers', page: () => import('./pages/Providers.vue'), access: 'staff', title: 'menu.providers', menu: Shop },
    { path: 'eldercare/canteens/:id', name: 'ec-canteen', page: () => import('./pages/CanteenDetail.vue'), access: 'canteens', title: 'menu.canteens', parent: 'eldercare/canteens' },
    { path: 'eldercare/assessments', name: 'ec-assessments', page: () => import('./pages/Assessments.vue'), access: 'staff', title: 'menu.assess', menu: Memo },
    { path: 'eldercare/assessments/:id', name: 'ec-assessment', page: () => import('./pages/AssessmentPerson.vue'), access: 'staff', title: 'menu.assess', parent: 'eldercare/assessments' },
    { path: 'eldercare/coverage', name: 'ec-coverage', page: () => import('./pages/Coverage.vue'), access: 'staff', title: 'menu.coverage', menu: MapLocation },
    { path: 'eldercare/calls', name: 'ec-calls', page: () => import('./pages/CallBoard.vue'), links: ['eldercare.emergency_call', 'eldercare.mixed'], access: 'any', title: 'menu.calls', menu: PhoneFilled },
    { path: 'eldercare/waitlist', name: 'ec-waitlist', page: () => import('./pages/Waitlist.vue'), access: 'staff', title: 'menu.waitlist', menu: OfficeBuilding },
    { path: 'eldercare/visits', name: 'ec-visits', page: () => import('./pages/Visits.vue'), access: 'staff', title: 'menu.visits', menu: Calendar },
    { path: 'eldercare/home-beds', name: 'ec-home-beds', page: () => import('./pages/HomeBeds.vue'), links: ['eldercare.home_care', 'eldercare.mixed'], access: 'any', title: 'menu.homeBeds', menu: HomeFilled },
    { path: 'eldercare/cards', name: 'ec-cards', page: () => import('./pages/ElderCard.vue'), access: 'staff', title: 'menu.cards', menu: CreditCard },
    { path: 'eldercare/dashboard', name: 'ec-dashboard', page: () => import('./pages/Dashboard.vue'), access: 'staff', title: 'menu.dashboard', menu: Histogram },
    { path: 'eldercare/params', name: 'ec-params', page: () => import('./pages/Params.vue'), access: 'staff', title: 'menu.params', menu: Setting },
  ],
}
