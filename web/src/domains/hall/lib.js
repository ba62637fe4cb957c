// What the hall's two pages share: loading the figures, showing a value in
// its unit, a group's title, a figure's age, the link to its list.
import { t, locale, hasLabel } from '../../lib/i18n.js'
import { fmtNumber } from '../../lib/format.js'
import { yuan } from '../../lib/money.js'
import { domains } from '../index.js'

// A value as shown: counts with separators, fen as yuan, rates in percent,
// averages with one decimal; a figure never computed as "—".
export function showFigure(f, v = f.value, num = f.num) {
  if (v === null || v === undefined) return '—'
  if (f.unit === 'fen') return yuan(num, { sep: true })
  if (f.unit === 'rate') return `${Number(v).toFixed(1)}%`
  if (f.unit === 'avg') return Number(v).toFixed(1)
  return fmtNumber(num)
}

export function unitText(f) {
  if (f.unit === 'fen') return t('hall.yuan')
  if (f.unit === 'rate') return ''
  return locale.value === 'en' ? '' : (f.unit_zh || '')
}

export function figureLabel(f) {
  return locale.value === 'en' ? (f.label_en || f.label_zh) : (f.label_zh || f.label_en)
}

// A domain's group is titled by its module's menu title; the shared
// mechanisms' groups (cases, benefits, screen) by the hall's own words; a
// group nobody names shows its key.
export function groupTitle(g) {
  if (domains.some((d) => d.name === g)) return t(`${g}.menu.title`)
  if (hasLabel('hall.group', g)) return t(`hall.group.${g}`)
  return g
}

export function groupsOf(indicators) {
  const out = []
  for (const f of indicators) {
    let g = out.find((x) => x.id === f.group)
    if (!g) out.push((g = { id: f.group, items: [] }))
    g.items.push(f)
  }
  return out
}

export function ageText(f) {
  if (f.age_seconds === null || f.age_seconds === undefined) return t('hall.never')
  const s = f.age_seconds
  const span = s < 60 ? t('hall.ageNow')
    : s < 3600 ? t('hall.ageMin', { n: Math.floor(s / 60) })
      : s < 86400 ? t('hall.ageHour', { n: Math.floor(s / 3600) })
        : t('hall.ageDay', { n: Math.floor(s / 86400) })
  return s < 60 ? span : t('hall.age', { t: span })
}

// The list behind a figure, narrowed to the division (and the day, when
// it is not the latest).
export function listLink(f, division) {
  if (!f.list_path) return null
  const [path, q] = f.list_path.split('?')
  const query = Object.fromEntries(new URLSearchParams(q || ''))
  if (division) query.division = division
  return { path, query }
}

// Better is higher (1), lower (-1) or neither (0): the map's colours follow.
export function scaleColours(f) {
  if (f.better > 0) return ['#fde2e2', '#67c23a']
  if (f.better < 0) return ['#e1f3d8', '#f56c6c']
  return ['#ecf5ff', '#409eff']
}
