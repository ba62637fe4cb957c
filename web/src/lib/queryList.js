// A list page whose filters and page number live in the address
// (?division=...&page=2): back, forward and reload show the same rows, and a
// link to a filtered list can be shared. The page gives the route name and a
// fetch(query, { page, page_size }) that calls the API and returns the
// response ({ items, total, total_capped }); the list reloads whenever the
// query changes while that route is shown.
import { ref, computed, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { errorText } from './api.js'

export function useQueryList(routeName, fetch, { pageSize: defaultPageSize = 20 } = {}) {
  const route = useRoute()
  const router = useRouter()
  const items = ref([])
  const total = ref(0)
  const capped = ref(false)
  const loading = ref(false)
  const error = ref('')
  const page = computed(() => Math.max(1, parseInt(route.query.page, 10) || 1))
  const pageSize = computed(() => parseInt(route.query.page_size, 10) || defaultPageSize)

  // Changes the query: empty values leave the address, page 1 is the default.
  function go(patch) {
    const q = { ...route.query, ...patch }
    for (const k of Object.keys(q)) if (q[k] === '' || q[k] === null || q[k] === undefined) delete q[k]
    if (String(q.page) === '1') delete q.page
    router.push({ query: q })
  }
  const clear = () => router.push({ query: {} })

  async function load() {
    loading.value = true
    error.value = ''
    try {
      const d = await fetch(route.query, { page: page.value, page_size: pageSize.value })
      items.value = d.items || []
      total.value = d.total ?? items.value.length
      capped.value = !!d.total_capped
    } catch (e) {
      items.value = []
      total.value = 0
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }
  watch(() => route.query, () => { if (route.name === routeName) load() }, { immediate: true })

  // Server-side sorting (?sort=name or ?sort=-name): an el-table takes
  // :default-sort="defaultSort" and @sort-change="onSort" with
  // sortable="custom" columns whose prop is a sort key the API declares.
  const defaultSort = computed(() => {
    const s = typeof route.query.sort === 'string' ? route.query.sort : ''
    if (!s) return undefined
    return { prop: s.replace(/^-/, ''), order: s.startsWith('-') ? 'descending' : 'ascending' }
  })
  function onSort({ prop, order }) {
    go({ sort: order ? (order === 'descending' ? '-' : '') + prop : '', page: 1 })
  }

  return { route, router, items, total, capped, loading, error, page, pageSize, go, clear, load, defaultSort, onSort }
}
