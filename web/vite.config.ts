import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { elementResolver } from './scripts/element-resolver'
import { fileURLToPath, URL } from 'node:url'

// Element Plus components in the shell's 'element' chunk (manualChunks below): the layout,
// the login page and the phone pages' forms.
const ELEMENT_CORE = new Set([
  'base', 'button', 'form', 'form-item', 'input', 'icon', 'alert', 'result', 'card', 'container', 'aside', 'header',
  'main', 'footer', 'badge', 'overlay', 'focus-trap', 'message', 'message-box', 'loading', 'config-provider', 'radio',
  'radio-group', 'radio-button', 'switch', 'steps', 'step', 'empty', 'tag', 'scrollbar', 'popper', 'tooltip', 'dialog',
  'drawer', 'checkbox', 'checkbox-group', 'collapse-transition', 'teleport', 'visual-hidden', 'breadcrumb',
  'breadcrumb-item',
])

const backend = process.env.WANGGE_BACKEND || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Each <el-*> a template uses is imported there with its CSS, so a page carries only
    // the components it shows (issue 17: phones on a weak signal).
    // (No generated declarations: the templates' el-* stay untyped, as they were with the
    // plugin installed whole; typing them is its own change.)
    Components({ resolvers: [elementResolver(fileURLToPath(new URL('.', import.meta.url)))], dts: false }),
  ],
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      { find: /^element-plus$/, replacement: fileURLToPath(new URL('./src/element-plus.ts', import.meta.url)) },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Inline nothing: leaflet marker images must be real files under assets/.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rollupOptions: {
      output: {
        // By module path only: the object form also pulls each group's shared helpers into
        // its chunk, which then every page imports (Leaflet was loaded by the login page).
        manualChunks(id: string) {
          // The CommonJS interop helper goes with the shell, not with the first CommonJS
          // library that needs it (Leaflet), or every page would import that library.
          if (id.includes('commonjsHelpers')) return 'vendor'
          // The app's small shared modules (API calls, formatting, composables) in one chunk:
          // a page then waits for one request, not ten round trips' worth of them.
          if (/\/web\/src\/(api|utils|composables|stores|locales\/collect)\//.test(id)) return 'common'
          // The maps' helpers (names, neighbourhood, tiles) travel with Leaflet, which only
          // the map pages load.
          if (/\/web\/src\/components\/map\//.test(id)) return 'leaflet'
          if (!id.includes('/node_modules/')) return undefined
          if (/\/node_modules\/(vue|@vue|vue-router|pinia|vue-i18n|@intlify)\//.test(id)) return 'vendor'
          if (id.includes('/node_modules/leaflet/')) return 'leaflet'
          // only the statistics pages load it
          if (/\/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
          // Element Plus's shell and form components with what they need, one chunk: per
          // component, the report page made some sixty requests, and at a 400 ms round trip
          // over a phone's six connections those cost more than their bytes
          // (bench/web_bench.mjs). Other components stay with the pages that show them.
          const ep = /\/element-plus\/(?:es\/components\/([a-z-]+)\/|theme-chalk\/el-([a-z-]+)\.css)/.exec(id)
          if (ep) return ELEMENT_CORE.has(ep[1] || ep[2]) ? 'element' : undefined
          if (/\/node_modules\/(element-plus|@vueuse|@popperjs|@floating-ui|@ctrl|async-validator|lodash-es|lodash-unified|normalize-wheel-es|memoize-one|@sxzz)\//.test(id)) return 'element'
          return undefined
        },
      },
    },
  },
})
