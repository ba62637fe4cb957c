// Small helpers of the elderly-care pages.
import { t } from '../../lib/i18n.js'

// Seconds as "3 分钟" / "45 秒".
export function duration(s) {
  if (s === null || s === undefined) return '—'
  return s >= 60 ? t('eldercare.calls.min', { n: Math.floor(s / 60) }) : t('eldercare.calls.sec', { n: s })
}
