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

// A rate in permille (‰ of 1000) as a percentage with one decimal: 875 -> "87.5%".
export function fmtPermille(pm) {
  if (pm === null || pm === undefined || !Number.isFinite(Number(pm))) return '—'
  return `${(Number(pm) / 10).toFixed(1)}%`
}

export function sexLabel(s) { return s ? label('sex', s) : '—' }

export function disabilityText(kind, grade) {
  if (!kind && !grade) return t('disability.none')
  const parts = []
  if (kind) parts.push(label('disability', kind))
  if (grade) parts.push(gradeText(grade))
  return parts.join(' · ')
}

// Grades read "一级" in Chinese and "Grade 1" in English: the numerals are words too.
export function gradeText(g) {
  if (g === null || g === undefined || g === '' || Number(g) === 0) return '—'
  const n = Number(g)
  const numerals = t('disability.numerals')
  const n10 = Number.isInteger(n) && n >= 0 && n < 10 ? numerals[n] : g
  return t('disability.grade', { n: n10 })
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
