import { LEVELS, type Level } from '@/api/territory'

/** A level's name in the current locale (the code itself when there is none). */
export function levelLabel(t: (k: string) => string, te: (k: string) => boolean, l: string) {
  return te('territory.level.' + l) ? t('territory.level.' + l) : l
}

/** The level below `l` (null under the last). */
export function nextLevel(l: Level): Level | null {
  const i = LEVELS.indexOf(l)
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1] : null
}
