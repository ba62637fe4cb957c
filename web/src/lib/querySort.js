// Server-side sorting for a list page that keeps its own state (not
// useQueryList): the sort lives in the address like on the other lists
// (?sort=name or ?sort=-name), so reload, back and a shared link show the
// same order. An el-table takes :default-sort="defaultSort" and
// @sort-change="onSort" with sortable="custom" columns whose prop is a sort
// key the API declares; the page reloads when `sort` changes.
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useQuerySort() {
  const route = useRoute()
  const router = useRouter()
  const sort = computed(() => (typeof route.query.sort === 'string' ? route.query.sort : ''))
  const defaultSort = computed(() => (sort.value
    ? { prop: sort.value.replace(/^-/, ''), order: sort.value.startsWith('-') ? 'descending' : 'ascending' }
    : undefined))
  function onSort({ prop, order }) {
    const q = { ...route.query }
    if (order && prop) q.sort = (order === 'descending' ? '-' : '') + prop
    else delete q.sort
    delete q.page
    router.push({ query: q })
  }
  return { sort, defaultSort, onSort }
}
