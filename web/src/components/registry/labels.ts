import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listTagKinds, type TagGroup, type TagKind } from '@/api/registry'
import { getRegion, type RegionDetail } from '@/api/territory'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Chip colours by tag group: care (关爱) orange, status (身份) green, key persons (重点人员) red. */
export const GROUP_TAG_TYPE: Record<TagGroup, TagType> = { care: 'warning', status: 'success', key: 'danger' }

/** The business kinds offered in the form (free text on the server: these only have names). */
export const BUSINESS_KINDS = ['catering', 'retail', 'lodging', 'services', 'entertainment', 'education', 'medical', 'manufacturing', 'warehouse', 'other'] as const

/* the tag catalogue, shared by every registry page (read once) */
const tagKinds = ref<TagKind[]>([])
let tagsAsked = false
function loadTagKinds() {
  if (tagsAsked) return
  tagsAsked = true
  listTagKinds()
    .then((k) => (tagKinds.value = k))
    .catch(() => (tagsAsked = false))
}

/** Labels of the registry's codes in the current locale. */
export function useRegistryLabels() {
  const { t, te, locale } = useI18n()
  loadTagKinds()
  const pick = (key: string, fallback: string) => (te(key) ? t(key) : fallback)
  const kindOf = (code: string) => tagKinds.value.find((k) => k.code === code)
  return {
    tagKinds,
    relationLabel: (s: string | null | undefined) => (s ? pick('registry.relation.' + s, s) : '-'),
    housingLabel: (s: string | null | undefined) => (s ? pick('registry.housing.' + s, s) : '-'),
    residenceLabel: (s: string | null | undefined) => (s ? pick('registry.residence.' + s, s) : '-'),
    genderLabel: (s: string | null | undefined) => (s ? pick('registry.gender.' + s, s) : '-'),
    groupLabel: (s: string) => pick('registry.tagGroup.' + s, s),
    businessKindLabel: (s: string | null | undefined) => (s ? pick('registry.businessKind.' + s, s) : '-'),
    /** A tag's name: from the answer when it carries one, else from the catalogue, else the code. */
    tagName: (code: string, names?: { name_zh?: string; name_en?: string }) => {
      const k = names?.name_zh || names?.name_en ? names : kindOf(code)
      if (!k) return code
      return (locale.value === 'en' ? k.name_en || k.name_zh : k.name_zh || k.name_en) || code
    },
    tagType: (code: string): TagType => {
      const k = kindOf(code)
      return k ? GROUP_TAG_TYPE[k.group] || 'info' : 'info'
    },
  }
}

/*
 * Names of territory nodes, read once per code and shared by the registry pages (rows carry
 * codes only). The caller's grants' chains come first: they name the nodes above a grid.
 */
const regionNames = reactive<Record<string, string>>({})
const regionAsked = new Set<string>()
function remember(r: RegionDetail) {
  for (const p of r.path || []) regionNames[p.code] = p.name
  regionNames[r.code] = r.name
}
export function useRegionNames() {
  function resolve(codes: (string | null | undefined)[]) {
    for (const code of new Set(codes)) {
      if (!code || regionNames[code] || regionAsked.has(code)) continue
      regionAsked.add(code)
      getRegion(code, true).then(remember, () => {})
    }
  }
  function note(code: string, name: string) {
    regionNames[code] = name
  }
  return { regionNames, resolve, note }
}
