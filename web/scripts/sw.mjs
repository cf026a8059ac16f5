// Writes dist/sw.js from sw/sw.js (run by `npm run build`, after vite): the build's id
// (a hash of index.html, so each build is a new worker that replaces the old one's cache)
// and the shell's files (index.html, what it links, the icons and the manifest).
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'

const dist = new URL('../dist/', import.meta.url).pathname
const index = readFileSync(dist + 'index.html', 'utf8')
const linked = [...index.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1])
const files = ['/index.html', ...new Set(linked)]
const build = createHash('sha256').update(index).digest('hex').slice(0, 12)
const source = readFileSync(new URL('../sw/sw.js', import.meta.url), 'utf8')
  .replace("'__BUILD__'", JSON.stringify(build))
  .replace('__SHELL_FILES__', JSON.stringify(files))
writeFileSync(dist + 'sw.js', source)
console.log(`sw.js: build ${build}, ${files.length} shell files`)
