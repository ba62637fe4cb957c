import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { auth, loadSession, clearSession } from './lib/auth.js'
import { onUnauthorized } from './lib/api.js'
import { t } from './lib/i18n.js'
import Layout from './components/Layout.vue'
import Login from './views/Login.vue'
import { domainRoutes, publicRoutes } from './domains/index.js'

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  ...publicRoutes(),
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', component: () => import('./views/Home.vue'), meta: { title: 'menu.home' } },
      { path: 'inbox', name: 'inbox', component: () => import('./views/Inbox.vue'), meta: { title: 'inbox.title' } },
      ...domainRoutes(),
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
