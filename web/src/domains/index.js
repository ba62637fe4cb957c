// The list of domain modules: the router, the menu and the dictionary iterate
// over it and know no domain by name. Adding a domain is one import and one
// entry here (the order is the menu's order); see web/README.md for the shape.
//
// A module (domains/<name>/index.js) exports:
//   name      its namespace: messages are t('<name>.<key>'), label('<name>.<group>', v)
//   messages  { key: ['中文', 'English'] | { ...nested } }
//   access    { area: [roles] }: which roles may open what (access.js, with can())
//   routes    [{ path, name, page, access, title, menu?, parent? }]
//             page: the lazily loaded component; access: an area of `access`
//             (none: every signed-in user); title: a key of the module's
//             messages; menu: an icon, when the page has a menu entry (its
//             data-menu is the route name); parent: the menu path a detail
//             page lights up (default: its own path); links: for a
//             service_provider account, the menu shows the entry only when
//             the account is linked as one of these ("eldercare.canteen",
//             the session's user.links, access/org_link.h).
//   publicRoutes  optional [{ path, name, page, title }]: pages shown without
//             signing in (absolute paths, outside the staff layout); the
//             API they call must be public routes too.
import { addMessages } from '../lib/i18n.js'
import registry from './registry/index.js'
import assistance from './assistance/index.js'
import policy from './policy/index.js'
import eldercare from './eldercare/index.js'
import deliberation from './deliberation/index.js'
import admin from './admin/index.js'
import posthumous from './posthumous/index.js'
import hall from './hall/index.js'
import volunteer from './volunteer/index.js'
import safetynet from './safetynet/index.js'

import marriage from './marriage/index.js'
import help from './help/index.js'

export const domains = [registry, assistance, policy, eldercare, admin, deliberation, posthumous, hall, volunteer, safetynet, marriage, help]

for (const d of domains) addMessages(d.name, d.messages)

const rolesOf = (d, r) => {
  if (!r.access) return undefined
  if (!d.access[r.access]) throw new Error(`${d.name}: route ${r.name} names no access rule "${r.access}"`)
  return d.access[r.access]
}

// The child routes of the signed-in layout.
export function domainRoutes() {
  return domains.flatMap((d) => d.routes.filter((r) => !r.public).map((r) => ({
    path: r.path,
    name: r.name,
    component: r.page,
    meta: { title: `${d.name}.${r.title}`, roles: rolesOf(d, r), parent: r.parent || r.path.replace(/\/:.*$/, '') },
  })))
}

// Pages anyone may open without signing in, outside the staff layout: a
// module's optional publicRoutes [{ path (absolute), name, page, title }].
export function publicRoutes() {
  return domains.flatMap((d) => (d.publicRoutes || []).map((r) => ({
    path: r.path,
    name: r.name,
    component: r.page,
    meta: { public: true, title: `${d.name}.${r.title}` },
  })))
}

// The menu: one group a module, its entries in route order.
export function menuGroups() {
  return domains.map((d) => ({
    id: d.name,
    title: `${d.name}.menu.title`,
    items: d.routes.filter((r) => r.menu).map((r) => ({
      index: `/${r.path}`, id: r.name, title: `${d.name}.${r.title}`, icon: r.menu, roles: rolesOf(d, r), links: r.links,
    })),
  }))
}
