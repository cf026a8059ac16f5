import { nextTick } from 'vue'
import type { PathItem } from '@/api/territory'

/* Helpers for the lazy region el-tree (its nodes are Element Plus' untyped Node). */

/** Expand a node and wait until its children are loaded. */
export function expandNode(node: any): Promise<void> {
  return new Promise((resolve) => {
    if (node.expanded && node.loaded) return resolve()
    node.expand(() => resolve(), false)
  })
}

/** Scroll a tree node into view. */
export function scrollToNode(code: string) {
  document.querySelector(`[data-testid="tree-node-${code}"]`)?.scrollIntoView({ block: 'nearest' })
}

/** Expand the tree along a path (root first) and highlight its last element. */
export async function revealInTree(tree: any, path: PathItem[]) {
  if (!tree || !path.length) return
  let start = path.findIndex((p) => tree.getNode(p.code))
  if (start < 0) return
  for (let i = start; i < path.length - 1; i++) {
    const node = tree.getNode(path[i].code)
    if (!node) break
    await expandNode(node)
  }
  tree.setCurrentKey(path[path.length - 1].code)
  await nextTick()
  scrollToNode(path[path.length - 1].code)
}

/** Load a node's children again (after one was added). */
export async function refreshChildren(tree: any, parentCode: string) {
  const node = tree?.getNode(parentCode)
  if (!node) return
  node.loaded = false
  node.isLeaf = false
  node.childNodes.splice(0)
  node.expanded = false
  await expandNode(node)
}
