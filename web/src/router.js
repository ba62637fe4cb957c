import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { auth, loadSession, clearSession, ACCESS } from './lib/auth.js'
import { onUnauthorized } from './lib/api.js'
import { t } from './lib/i18n.js'
import Layout from './components/Layout.vue'
import Login from './views/Login.vue'
import { EC_ACCESS } from './views/eldercare/ec.js'
import { AS_ACCESS } from './views/assistance/as.js'

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue'), meta: { title: 'menu.home' } },
      { path: 'persons', name: 'persons', component: () => import('./views/PersonSearch.vue'), meta: { title: 'menu.persons', roles: ACCESS.registry } },
      { path: 'persons/:id', name: 'person', component: () => import('./views/PersonDetail.vue'), meta: { title: 'person.detailTitle', roles: ACCESS.registry, parent: 'persons' } },
      { path: 'households', name: 'households', component: () => import('./views/HouseholdSearch.vue'), meta: { title: 'menu.households', roles: ACCESS.registry } },
      { path: 'households/:id', name: 'household', component: () => import('./views/HouseholdDetail.vue'), meta: { title: 'household.detailTitle', roles: ACCESS.registry, parent: 'households' } },
      { path: 'users', name: 'users', component: () => import('./views/Users.vue'), meta: { title: 'menu.users', roles: ACCESS.users } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { title: 'menu.audit', roles: ACCESS.audit } },
      { path: 'eldercare/counter', name: 'ec-counter', component: () => import('./views/eldercare/CanteenCounter.vue'), meta: { title: 'menu.ecCounter', roles: EC_ACCESS.counter, parent: 'eldercare/counter' } },
      { path: 'eldercare/canteens', name: 'ec-canteens', component: () => import('./views/eldercare/Canteens.vue'), meta: { title: 'menu.ecCanteens', roles: EC_ACCESS.canteens, parent: 'eldercare/canteens' } },
      { path: 'eldercare/canteens/:id', name: 'ec-canteen', component: () => import('./views/eldercare/CanteenDetail.vue'), meta: { title: 'menu.ecCanteens', roles: EC_ACCESS.canteens, parent: 'eldercare/canteens' } },
      { path: 'eldercare/assessments', name: 'ec-assessments', component: () => import('./views/eldercare/Assessments.vue'), meta: { title: 'menu.ecAssess', roles: EC_ACCESS.staff, parent: 'eldercare/assessments' } },
      { path: 'eldercare/assessments/:id', name: 'ec-assessment', component: () => import('./views/eldercare/AssessmentPerson.vue'), meta: { title: 'menu.ecAssess', roles: EC_ACCESS.staff, parent: 'eldercare/assessments' } },
      { path: 'eldercare/coverage', name: 'ec-coverage', component: () => import('./views/eldercare/Coverage.vue'), meta: { title: 'menu.ecCoverage', roles: EC_ACCESS.staff, parent: 'eldercare/coverage' } },
      { path: 'eldercare/calls', name: 'ec-calls', component: () => import('./views/eldercare/CallBoard.vue'), meta: { title: 'menu.ecCalls', roles: EC_ACCESS.any, parent: 'eldercare/calls' } },
      { path: 'eldercare/waitlist', name: 'ec-waitlist', component: () => import('./views/eldercare/Waitlist.vue'), meta: { title: 'menu.ecWaitlist', roles: EC_ACCESS.staff, parent: 'eldercare/waitlist' } },
      { path: 'eldercare/visits', name: 'ec-visits', component: () => import('./views/eldercare/Visits.vue'), meta: { title: 'menu.ecVisits', roles: EC_ACCESS.staff, parent: 'eldercare/visits' } },
      { path: 'eldercare/home-beds', name: 'ec-home-beds', component: () => import('./views/eldercare/HomeBeds.vue'), meta: { title: 'menu.ecHomeBeds', roles: EC_ACCESS.any, parent: 'eldercare/home-beds' } },
      { path: 'eldercare/dashboard', name: 'ec-dashboard', component: () => import('./views/eldercare/Dashboard.vue'), meta: { title: 'menu.ecDashboard', roles: EC_ACCESS.staff, parent: 'eldercare/dashboard' } },
      { path: 'eldercare/params', name: 'ec-params', component: () => import('./views/eldercare/Params.vue'), meta: { title: 'menu.ecParams', roles: EC_ACCESS.staff, parent: 'eldercare/params' } },
      { path: 'assistance/cases', name: 'as-cases', component: () => import('./views/assistance/CaseQueue.vue'), meta: { title: 'menu.asCases', roles: AS_ACCESS.cases, parent: 'assistance/cases' } },
      { path: 'assistance/cases/:id', name: 'as-case', component: () => import('./views/assistance/CaseDetail.vue'), meta: { title: 'menu.asCase', roles: AS_ACCESS.cases, parent: 'assistance/cases' } },
      { path: 'assistance/intake', name: 'as-intake', component: () => import('./views/assistance/IntakeWizard.vue'), meta: { title: 'menu.asIntake', roles: AS_ACCESS.intake, parent: 'assistance/intake' } },
      { path: 'assistance/notices', name: 'as-notices', component: () => import('./views/assistance/NoticeBoard.vue'), meta: { title: 'menu.asNotices', roles: AS_ACCESS.staff, parent: 'assistance/notices' } },
      { path: 'assistance/payroll', name: 'as-payroll', component: () => import('./views/assistance/PayrollRuns.vue'), meta: { title: 'menu.asPayroll', roles: AS_ACCESS.payroll, parent: 'assistance/payroll' } },
      { path: 'assistance/payroll/:id', name: 'as-payroll-run', component: () => import('./views/assistance/PayrollRun.vue'), meta: { title: 'menu.asPayroll', roles: AS_ACCESS.payroll, parent: 'assistance/payroll' } },
      { path: 'assistance/totals', name: 'as-totals', component: () => import('./views/assistance/PaymentTotals.vue'), meta: { title: 'menu.asTotals', roles: AS_ACCESS.payroll, parent: 'assistance/totals' } },
      { path: 'policy/programs', name: 'policy-programs', component: () => import('./views/policy/Programs.vue'), meta: { title: 'menu.policyPrograms', roles: ACCESS.registry, parent: 'policy/programs' } },
      { path: 'policy/worklist', name: 'policy-worklist', component: () => import('./views/policy/Worklist.vue'), meta: { title: 'menu.policyWorklist', roles: ACCESS.registry, parent: 'policy/worklist' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/Forbidden.vue'), meta: { title: 'errors.forbidden' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFound.vue'), meta: { title: 'errors.notFound' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
})

router.beforeEach(async (to) => {
  if (!auth.loaded) await loadSession()
  if (to.meta.public) {
    if (auth.user && to.name === 'login') return typeof to.query.redirect === 'string' ? to.query.redirect : '/'
    return true
  }
  if (!auth.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.roles && !to.meta.roles.includes(auth.user.role)) return { name: 'forbidden' }
  return true
})

// Any 401 from the API: the session is gone; back to the login page.
let redirecting = false
onUnauthorized(() => {
  if (redirecting) return
  const current = router.currentRoute.value
  clearSession()
  if (current.meta.public) return
  redirecting = true
  ElMessage.warning({ message: t('login.expired'), grouping: true })
  router.replace({ name: 'login', query: { redirect: current.fullPath } }).finally(() => { redirecting = false })
})
