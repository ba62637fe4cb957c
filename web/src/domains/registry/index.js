// The registry module (人口户籍): persons and households, with their history.
import { User, House } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'registry',
  messages,
  access: ACCESS,
  routes: [
    { path: 'persons', name: 'persons', page: () => import('./pages/PersonSearch.vue'), access: 'read', title: 'menu.persons', menu: User },
    { path: 'persons/:id', name: 'person', page: () => import('./pages/PersonDetail.vue'), access: 'read', title: 'menu.person', parent: 'persons' },
    { path: 'households', name: 'households', page: () => import('./pages/HouseholdSearch.vue'), access: 'read', title: 'menu.households', menu: House },
    { path: 'households/:id', name: 'household', page: () => import('./pages/HouseholdDetail.vue'), access: 'read', title: 'menu.household', parent: 'households' },
  ],
}
