// Helpers the safety-net pages share.
import { t, label } from '../../lib/i18n.js'

export const LEVEL_TAG = { red: 'danger', orange: 'warning', yellow: '' }
export const STATE_TAG = { assigned: 'info', accepted: '', on_site: '', done: 'success', closed: 'success', returned: 'warning', escalated: 'danger', merged: 'info' }

export function fmtUnix(s) {
  if (!s) return '—'
  const d = new Date((s + 8 * 3600) * 1000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

export const lbl = (group, v) => (v ? label(`safetynet.${group}`, v) : '—')
export { t }
