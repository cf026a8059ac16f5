// What the app's scripts import from 'element-plus' (vite.config.ts aliases the bare name
// here): the function APIs and the loading directive, each from its own module. The
// package's index would bring every component into the shell (scripts/element-resolver.ts).
export { ElMessage } from 'element-plus/es/components/message/index.mjs'
export { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'
export { vLoading } from 'element-plus/es/components/loading/index.mjs'
