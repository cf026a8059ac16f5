import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components are imported where templates use them (unplugin-vue-components,
// vite.config.ts); the function APIs and the loading directive are used from scripts, so
// their styles come here.
import { vLoading } from 'element-plus'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-loading.css'
import { registerIcons } from './icons'

import App from './App.vue'
import router from './router'
import { i18n, initialLocale, loadLocale } from './locales'
import { hasPermi } from './directives/hasPermi'
import { setUnauthorizedHandler } from './api/request'
import { useUserStore } from './stores/user'
import { registerServiceWorker } from './offline/session'
import './assets/main.css'
import './assets/common.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.directive('loading', vLoading)
registerIcons(app)
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
registerServiceWorker()

// English (when chosen) is fetched before the first draw, so no page flashes in Chinese.
Promise.all([router.isReady(), loadLocale(initialLocale()).catch(() => undefined)]).then(() => app.mount('#app'))
