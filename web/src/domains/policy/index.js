// The policy module (政策规则): the programs' rules and parameters with their
// dated history, a household tried against them, and the screening worklist
// (政策找人). The registry's readers may open it.
import { Document, Tickets } from '@element-plus/icons-vue'
import messages from './messages.js'
import { ACCESS } from './access.js'

export default {
  name: 'policy',
  messages,
  access: ACCESS,
  routes: [
    { path: 'policy/programs', name: 'policy-programs', page: () => import('./pages/Programs.vue'), access: 'read', title: 'menu.programs', menu: Document },
    { path: 'policy/worklist', name: 'policy-worklist', page: () => import('./pages/Worklist.vue'), access: 'read', title: 'menu.worklist', menu: Tickets },
  ],
}
