// The filters a list page opens with: those its address names (the
// monitoring hall links each figure to its list with ?division=... and the
// figure's own filters, e.g. &state=open), else the page's defaults. The
// page shows them in its controls, so what is applied is what is seen.
export function queryFilters(route, defaults) {
  const out = { ...defaults }
  for (const k of Object.keys(defaults)) {
    const v = route.query[k]
    if (typeof v !== 'string' || v === '') continue
    out[k] = typeof defaults[k] === 'boolean' ? v === '1' || v === 'true' : v
  }
  return out
}
