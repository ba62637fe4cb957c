import { watch } from 'vue'
import { locale, t, label } from './i18n.js'

export function fmtNumber(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—'
  return Number(n).toLocaleString(locale.value === 'en' ? 'en-US' : 'zh-CN')
}

export function fmtPercent(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  return (x * 100).toFixed(digits) + '%'
}

// Timestamps: the server writes Beijing time as "YYYY-MM-DDTHH:MM:SS+08:00" (shown as written,
// whatever the browser's zone), or Unix seconds / milliseconds (shown in Beijing time).
const pad = (n) => String(n).padStart(2, '0')
export function fmtDateTime(s) {
  if (s === null || s === undefined || s === '' || s === 0) return '—'
  if (typeof s === 'number' || /^\d+$/.test(String(s))) {
    let n = Number(s)
    if (n < 1e11) n *= 1000
    const d = new Date(n + 8 * 3600 * 1000)
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  }
  const str = String(s)
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2})?)/.exec(str)
  if (m) return `${m[1]} ${m[2]}`
  return str
}

export function fmtDate(s) { return s ? String(s).slice(0, 10) : '—' }

export function sexLabel(s) { return s ? label('sex', s) : '—' }

export function disabilityText(kind, grade) {
  if (!kind && !grade) return t('disability.none')
  const parts = []
  if (kind) parts.push(label('disability', kind))
  if (grade) parts.push(gradeText(grade))
  return parts.join(' · ')
}

const CN_NUM = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']
export function gradeText(g) {
  if (g === null || g === undefined || g === '' || Number(g) === 0) return '—'
  const n = Number(g)
  if (locale.value !== 'en' && Number.isInteger(n) && n >= 0 && n < 10) return `${CN_NUM[n]}级`
  return t('disability.grade', { n: g })
}

export function today() {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function showValue(v) {
  if (v === null || v === undefined || v === '') return t('common.empty')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

// Reason rules shared by every "needs a reason" form.
export function reasonRules() {
  return [
    { required: true, message: t('common.reasonRequired'), trigger: 'blur' },
    {
      validator: (_r, v, cb) => ((v || '').trim().length < 4 ? cb(new Error(t('common.reasonMin'))) : cb()),
      trigger: 'blur',
    },
  ]
}

// After a first failed submit, re-check a form as the person types, so fixed fields
// lose their messages at once (Element Plus checks text inputs only on blur).
export function recheckAfterSubmit(formRef, model) {
  let tried = false
  watch(model, () => { if (tried && formRef.value) formRef.value.validate().catch(() => {}) }, { deep: true })
  return {
    tried() { tried = true },
    reset() { tried = false },
  }
}
