import { useI18n } from 'vue-i18n'
import { IMPORT_FINISHED, type ImportJob, type ImportStatus } from '@/api/registry'

/** Whether a job has ended (checked, rejected or done). */
export const finished = (j: ImportJob) => IMPORT_FINISHED.includes(j.status)

/** The names of an import's kinds and statuses in the current locale. */
export function useImportLabels() {
  const { t, te } = useI18n()
  const kindLabel = (k: string) => (te('registry.import.kinds.' + k) ? t('registry.import.kinds.' + k) : k)
  const statusLabel = (s: ImportStatus) => (te('registry.import.status.' + s) ? t('registry.import.status.' + s) : s)
  const statusType = (s: ImportStatus) => (s === 'done' || s === 'checked' ? 'success' : s === 'rejected' || s === 'failed' ? 'danger' : 'primary')
  return { kindLabel, statusLabel, statusType }
}
