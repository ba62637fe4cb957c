// The help module (帮助): the API reference for integrators, rendered from
// the server's own OpenAPI document, and the guide to each assistance
// program's process (who acts, by when, under which article), read from the
// programs' declared process. Every signed-in user may open them.
import { Document, Guide } from '@element-plus/icons-vue'
import messages from './messages.js'

export default {
  name: 'help',
  messages,
  access: {},
  routes: [
    { path: 'help/process', name: 'help-process', page: () => import('./pages/ProcessGuide.vue'), title: 'menu.process', menu: Guide },
    { path: 'help/api', name: 'help-api', page: () => import('./pages/ApiReference.vue'), title: 'menu.api', menu: Document },
  ],
}
