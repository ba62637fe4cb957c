import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { t, label, applyDocument } from './lib/i18n.js'
import './style.css'

const app = createApp(App)
app.use(ElementPlus)
app.use(router)
app.config.globalProperties.$t = t
app.config.globalProperties.$label = label
applyDocument()
app.mount('#app')
