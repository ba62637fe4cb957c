// Which columns of a staff table a user shows, and in which order, kept on
// the server per user and table (GET/PUT /api/v1/me/table-settings/:table),
// so the choice comes back on the next visit from any browser. A page
// declares its columns once:
//
//   const cols = useColumns('audit', [
//     { key: 'seq', label: 'admin.audit.seq' },
//     { key: 'reason', label: 'admin.audit.reason', hidden: true },   // hidden by default
//     { key: 'login', label: 'admin.audit.login', fixed: true },      // cannot be hidden
//     { key: 'person', label: '...', export: ['person', 'id_number_masked'] }, // its export columns
//   ])
//
// and writes v-if="cols.show('seq')" on each <el-table-column>; the
// <ColumnSettings :cols="cols" /> button lets the user choose and reorder.
// A page whose table follows the user's order renders its columns in
// cols.shown order (a <template v-for="k in cols.shown">) and keys the
// el-table by cols.orderKey (Element Plus fixes a column's place when it
// mounts); its export button passes cols.exportColumns, the export's column
// keys in the same order (a def's `export`, default its key; [] for a column
// the workbook does not have), and the workbook's columns follow that order.
// A column the saved settings do not name (added since) comes after the
// saved ones, as declared.
import { reactive, computed } from 'vue'
import { api } from './api.js'

export function useColumns(tableId, defs) {
  const state = reactive({ saved: null, loaded: false, saving: false, error: '' })
  const byKey = new Map(defs.map((d) => [d.key, d]))

  const savedColumns = () => ((state.saved && state.saved.columns) || []).filter((c) => byKey.has(c.key))

  // The saved choice over the declared defaults.
  const visible = computed(() => {
    const saved = new Map(savedColumns().map((c) => [c.key, c.visible]))
    const out = {}
    for (const d of defs) out[d.key] = d.fixed ? true : saved.has(d.key) ? saved.get(d.key) : !d.hidden
    return out
  })
  const show = (key) => visible.value[key] !== false

  // Every declared key: the saved order first, then the keys added since.
  const order = computed(() => {
    const seen = new Set()
    const out = []
    for (const c of savedColumns()) if (!seen.has(c.key)) { seen.add(c.key); out.push(c.key) }
    for (const d of defs) if (!seen.has(d.key)) out.push(d.key)
    return out
  })
  const shown = computed(() => order.value.filter((k) => visible.value[k] !== false))
  const orderKey = computed(() => order.value.join(','))
  const ordered = computed(() => order.value.map((k) => byKey.get(k)))
  // The export's columns in the user's order ([] until the user saved an
  // order: the workbook then keeps its declared one). The server puts the
  // named columns first and the rest after, so a hidden column is still
  // exported, only the order follows the table.
  const exportColumns = computed(() => (state.saved ? order.value.flatMap((k) => {
    const e = byKey.get(k).export
    return e === undefined ? [k] : [].concat(e)
  }) : []))

  async function load() {
    try {
      const r = await api.get(`/me/table-settings/${encodeURIComponent(tableId)}`)
      state.saved = r.settings
    } catch {
      state.saved = null // the defaults: a table is still usable without its settings
    } finally {
      state.loaded = true
    }
  }

  // Saves the visibility `next` ({key: bool}) in the order `keys`.
  async function save(next, keys = order.value) {
    const columns = keys.map((k) => ({ key: k, visible: byKey.get(k).fixed ? true : !!next[k] }))
    const before = state.saved
    state.saved = { columns }
    state.saving = true
    state.error = ''
    try {
      const r = await api.put(`/me/table-settings/${encodeURIComponent(tableId)}`, { columns })
      state.saved = r.settings
    } catch (e) {
      state.saved = before
      state.error = e
      throw e
    } finally {
      state.saving = false
    }
  }
  const setVisible = (key, on) => save({ ...visible.value, [key]: on })

  // Moves a column by `by` places (-1: one up/left, 1: one down/right).
  async function move(key, by) {
    const keys = [...order.value]
    const from = keys.indexOf(key)
    const to = from + by
    if (from < 0 || to < 0 || to >= keys.length) return
    keys.splice(from, 1)
    keys.splice(to, 0, key)
    await save({ ...visible.value }, keys)
  }

  async function reset() {
    await api.del(`/me/table-settings/${encodeURIComponent(tableId)}`)
    state.saved = null
  }

  load()
  return reactive({ tableId, defs, state, visible, show, order, shown, orderKey, ordered, exportColumns, setVisible, move, reset, load })
}
