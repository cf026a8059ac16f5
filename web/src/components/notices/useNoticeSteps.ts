import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { NOTICE_LIMITS, publishNotice, withdrawNotice, type Notice } from '@/api/notices'
import { ApiError } from '@/api/request'

/**
 * A publisher's steps on a notice, each after a confirmation: publish a draft (its recipients are
 * then the staff it reaches; a must-read one goes to their inboxes), withdraw a published one with
 * the reason. Each answers the notice as the server has it now, or null when cancelled or refused
 * (the server's message shown; a stale version says so: `stale` is called to reload).
 */
export function useNoticeSteps(stale: () => void) {
  const { t } = useI18n()
  const busy = ref(false)

  async function run(fn: () => Promise<Notice>, done: string): Promise<Notice | null> {
    busy.value = true
    try {
      const n = await fn()
      ElMessage.success(done)
      return n
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        ElMessage.warning(t('notices.msg.stale'))
        stale()
      } else ElMessage.error((e as Error).message)
      return null
    } finally {
      busy.value = false
    }
  }

  async function publish(n: Notice): Promise<Notice | null> {
    const text = n.must_read ? t('notices.step.publishMustRead') : t('notices.step.publishIntro')
    try {
      await ElMessageBox.confirm(text, t('notices.step.publish'), {
        confirmButtonText: t('notices.step.publish'),
        cancelButtonText: t('common.action.cancel'),
        type: 'info',
      })
    } catch {
      return null
    }
    return run(() => publishNotice(n.id, n.version), t('notices.msg.published'))
  }

  async function withdraw(n: Notice): Promise<Notice | null> {
    let reason = ''
    try {
      const r = await ElMessageBox.prompt(t('notices.step.withdrawIntro'), t('notices.step.withdraw'), {
        confirmButtonText: t('notices.step.withdraw'),
        cancelButtonText: t('common.action.cancel'),
        confirmButtonClass: 'el-button--danger',
        inputPlaceholder: t('notices.step.reason'),
        inputValidator: (v: string) => (v && v.trim() && v.trim().length <= NOTICE_LIMITS.reason ? true : t('notices.step.reasonRequired')),
      })
      reason = String(r.value).trim()
    } catch {
      return null
    }
    return run(() => withdrawNotice(n.id, n.version, reason), t('notices.msg.withdrawn'))
  }

  return { busy, publish, withdraw }
}
