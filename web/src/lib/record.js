// The state of what a detail page loads, written once: the value, whether it
// is loading, and what went wrong. A 404 is "not found" (no such record, or
// one outside the caller's scope: the server does not say which), any other
// failure is the error text to show.
import { ref } from 'vue'
import { errorText } from './api.js'

// One record: fetch() returns it (usually one api.get).
export function useRecord(fetch) {
  const data = ref(null)
  const loading = ref(false)
  const error = ref('')
  const notFound = ref(false)
  async function load() {
    loading.value = true
    error.value = ''
    notFound.value = false
    try {
      data.value = await fetch()
    } catch (e) {
      data.value = null
      if (e.status === 404) notFound.value = true
      else error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }
  return { data, loading, error, notFound, load }
}

// A list that belongs to the record (its history, its lines): fetch() returns
// { items }.
export function useItems(fetch) {
  const items = ref([])
  const loading = ref(false)
  const error = ref('')
  async function load() {
    loading.value = true
    error.value = ''
    try {
      items.value = (await fetch()).items || []
    } catch (e) {
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }
  return { items, loading, error, load }
}
