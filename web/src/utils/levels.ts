import { useI18n } from 'vue-i18n'
import { LEVELS, type Level } from '@/api/territory'

/** A region level's name in the current locale (the code itself when there is none). */
export function useLevelLabel() {
  const { t, te } = useI18n()
  return (l: string) => (te('territory.level.' + l) ? t('territory.level.' + l) : l)
}

/** The level below `l` (null under the last). */
export function nextLevel(l: Level): Level | null {
  const i = LEVELS.indexOf(l)
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1] : null
}
