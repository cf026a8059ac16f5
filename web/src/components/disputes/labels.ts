import { useI18n } from 'vue-i18n'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Labels and tag colours of the disputes module's codes in the current locale. */
export function useDisputeLabels() {
  const { t, te } = useI18n()
  const pick = (group: string) => (s: string | null | undefined) => {
    if (!s) return '-'
    const key = `disputes.${group}.${s}`
    return te(key) ? t(key) : s
  }
  return {
    typeLabel: pick('type'),
    riskLabel: pick('risk'),
    statusLabel: pick('status'),
    sourceLabel: pick('source'),
    referralLabel: pick('referral'),
    roleLabel: pick('role'),
    resultLabel: pick('result'),
    warningLabel: pick('warningKind'),
    riskType: (r: string): TagType => (r === 'high' ? 'danger' : r === 'medium' ? 'warning' : 'info'),
    statusType: (s: string): TagType =>
      s === 'settled' ? 'success' : s === 'failed' ? 'danger' : s === 'referred' ? 'warning' : s === 'mediating' ? 'primary' : 'info',
  }
}
