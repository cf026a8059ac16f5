import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath, URL } from 'node:url'

const backend = process.env.WANGGE_BACKEND || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Each <el-*> a template uses is imported there with its CSS, so a page carries only
    // the components it shows (issue 17: phones on a weak signal).
    // (No generated declarations: the templates' el-* stay untyped, as they were with the
    // plugin installed whole; typing them is its own change.)
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
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
          if (!id.includes('/node_modules/')) return undefined
          if (/\/node_modules\/(vue|@vue|vue-router|pinia|vue-i18n|@intlify)\//.test(id)) return 'vendor'
          if (id.includes('/node_modules/leaflet/')) return 'leaflet'
          // only the statistics pages load it
          if (/\/node_modules\/(echarts|zrender)\//.test(id)) return 'echarts'
          return undefined
        },
      },
    },
  },
})
