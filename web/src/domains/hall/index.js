// The monitoring hall (监测大厅): every domain's figures for the caller's
// division, drillable city -> district -> street -> community, a district
// map, monthly trends, and a wall mode for the control-room screen. The
// figures come from the indicators each domain declares (src/hall/hall.h):
// this module knows no domain by name.
import { DataBoard, Monitor } from '@element-plus/icons-vue'
import messages from './messages.js'
import { STAFF } from '../../lib/auth.js'

export default {
  name: 'hall',
  messages,
  access: { read: [...STAFF, 'auditor'] },
  routes: [
    { path: 'hall', name: 'hall', page: () => import('./pages/Hall.vue'), access: 'read', title: 'menu.hall', menu: DataBoard },
    { path: 'hall/wall', name: 'hall-wall', page: () => import('./pages/Wall.vue'), access: 'read', title: 'menu.wall', menu: Monitor },
  ],
}
