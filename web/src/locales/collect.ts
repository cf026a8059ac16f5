export type Dict = Record<string, any>

// Every locales/<lang>/<module>.json becomes messages[lang][module].
export function collect(files: Record<string, { default: Dict }>): Dict {
  const out: Dict = {}
  for (const [path, mod] of Object.entries(files)) {
    const name = path.replace(/^.*\//, '').replace(/\.json$/, '')
    out[name] = mod.default
  }
  return out
}
