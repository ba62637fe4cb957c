// Whether the screen is a phone's (under 768 px, as the layout decides when
// the menu becomes a drawer), kept current while the page is open.
import { ref, onBeforeUnmount } from 'vue'

export function useNarrow() {
  const query = window.matchMedia('(max-width: 767px)')
  const narrow = ref(query.matches)
  const on = (ev) => { narrow.value = ev.matches }
  query.addEventListener('change', on)
  onBeforeUnmount(() => query.removeEventListener('change', on))
  return narrow
}
