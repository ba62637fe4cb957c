// Which columns of a staff table a user shows, kept on the server per user
// and table (GET/PUT /api/v1/me/table-settings/:table), so the choice comes
// back on the next visit from any browser. A page declares its columns once:
//
//   const cols = useColumns('audit', [
//     { key: 'seq', label: 'admin.audit.seq' },
//     { key: 'reason', label: 'admin.audit.reason', hidden: true },   // hidden by default
//     { key: 'login', label: 'admin.audit.login', fixed: true },      // cannot be hidden
//   ])
//
// and writes v-if="cols.show('seq')" on each <el-table-column>; the
// <ColumnSettings :cols="cols" /> button lets the user choose. A column the
// saved settings do not name (added since) shows as declared.
import { reactive, computed } from 'vue'
import { api } from './api.js'

export function useColumns(tableId, defs) {
  const state = reactive({ saved: null, loaded: false, saving: false, error: '' })

  // The saved choice over the declared defaults, in the declared order.
  const visible = computed(() => {
    const saved = new Map(((state.saved && state.saved.columns) || []).map((c) => [c.key, c.visible]))
    const out = {}
    for (const d of defs) out[d.key] = d.fixed ? true : saved.has(d.key) ? saved.get(d.key) : !d.hidden
    return out
  })
  const show = (key) => visible.value[key] !== false

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

  async function save(next) {
    const columns = defs.map((d) => ({ key: d.key, visible: d.fixed ? true : !!next[d.key] }))
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

  async function reset() {
    await api.del(`/me/table-settings/${encodeURIComponent(tableId)}`)
    state.saved = null
  }

  load()
  return reactive({ tableId, defs, state, visible, show, setVisible, reset, load })
}
