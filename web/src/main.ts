import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import 'leaflet/dist/leaflet.css'

import App from './App.vue'
import router from './router'
import { i18n } from './locales'
import { hasPermi } from './directives/hasPermi'
import { setUnauthorizedHandler } from './api/request'
import { useUserStore } from './stores/user'
import './assets/main.css'
import './assets/common.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.directive('hasPermi', hasPermi)

setUnauthorizedHandler(() => {
  const store = useUserStore()
  const wasLoggedIn = !!store.user
  store.clear()
  const cur = router.currentRoute.value
  if (cur.name !== 'Login') {
    router.replace({ name: 'Login', query: { redirect: cur.fullPath, ...(wasLoggedIn ? { expired: '1' } : {}) } })
  }
})

app.use(router)
router.isReady().then(() => app.mount('#app'))
