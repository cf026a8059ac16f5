// Resolves each <el-*> a template uses to the Element Plus component module that defines
// it (element-plus/es/components/<dir>/index.mjs) and its CSS, never to the package's
// index: that index registers every component, so a chunk that imports it keeps them all
// (Rollup cannot drop them once manualChunks groups Element Plus; vite.config.ts).
// The export → directory map is read from the installed package, not typed by hand.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ComponentResolver } from 'unplugin-vue-components'

export function elementResolver(root: string): ComponentResolver {
  const dir = join(root, 'node_modules/element-plus/es/components')
  const where = new Map<string, string>()  // ElFormItem -> form
  for (const d of readdirSync(dir)) {
    const index = join(dir, d, 'index.mjs')
    if (!existsSync(index)) continue
    for (const m of readFileSync(index, 'utf8').matchAll(/export \{([^}]*)\}/g))
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/).pop()!
        if (/^El[A-Z]/.test(name) && !where.has(name)) where.set(name, d)
      }
  }
  const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  return {
    type: 'component',
    resolve(name: string) {
      const home = where.get(name)
      if (!home) return undefined
      const style = join(dir, kebab(name.slice(2)), 'style/css.mjs')
      return {
        name,
        from: `element-plus/es/components/${home}/index.mjs`,
        sideEffects: existsSync(style) ? `element-plus/es/components/${kebab(name.slice(2))}/style/css.mjs` : undefined,
      }
    },
  }
}
