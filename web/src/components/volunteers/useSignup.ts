import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { postSignupStep, type VolunteerActivity, type VolunteerSignup } from '@/api/volunteers'
import { newUuid } from '@/utils/uuid'

/**
 * Signing up for an activity and withdrawing (before its start), from a card or the
 * activity's page: `busy` holds the activity's id while its step runs; the server's refusal
 * (not registered, full, started) is shown as it says it. `done` gets the new sign-up.
 */
export function useSignup(done: (a: VolunteerActivity, s: VolunteerSignup) => void) {
  const { t } = useI18n()
  const busy = ref(0)

  async function signUp(a: VolunteerActivity) {
    if (busy.value) return
    busy.value = a.id
    try {
      const s = await postSignupStep(a.id, 'sign-up', {}, newUuid())
      ElMessage.success(t(s.status === 'waiting' ? 'volunteers.signupMsg.waiting' : 'volunteers.signupMsg.signed'))
      done(a, s)
    } catch (e) {
      ElMessage.error((e as Error).message)
    } finally {
      busy.value = 0
    }
  }

  async function withdraw(a: VolunteerActivity) {
    if (busy.value) return
    try {
      await ElMessageBox.confirm(t('volunteers.signupMsg.withdrawConfirm', { title: a.title }), t('common.msg.confirmTitle'), {
        type: 'warning',
        confirmButtonText: t('volunteers.action.withdraw'),
        cancelButtonText: t('common.action.cancel'),
      })
    } catch {
      return
    }
    busy.value = a.id
    try {
      const s = await postSignupStep(a.id, 'withdraw', {}, newUuid())
      ElMessage.success(t('volunteers.signupMsg.withdrawn'))
      done(a, s)
    } catch (e) {
      ElMessage.error((e as Error).message)
    } finally {
      busy.value = 0
    }
  }

  return { busy, signUp, withdraw }
}
