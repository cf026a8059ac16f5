import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { cancelVisit, type Visit } from '@/api/registry'
import { ApiError } from '@/api/request'

/**
 * Cancel a planned visit after a confirmation, with its version: a visit changed meanwhile
 * (409 stale_version) or no longer planned is said and the list re-read (`reload`).
 */
export function useVisitCancel(reload: () => unknown) {
  const { t } = useI18n()
  async function cancel(v: Visit) {
    try {
      await ElMessageBox.confirm(t('registry.visit.confirmCancel', { date: v.planned_on || '' }), t('common.msg.confirmTitle'), {
        type: 'warning',
        confirmButtonText: t('registry.visit.cancel'),
        cancelButtonText: t('common.action.close'),
      })
    } catch {
      return
    }
    try {
      await cancelVisit(v.id, v.version)
      ElMessage.success(t('registry.visit.cancelled'))
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') ElMessage.warning({ message: t('registry.visit.stale'), duration: 6000 })
      else ElMessage.error((e as Error).message)
    }
    await reload()
  }
  return { cancel }
}
