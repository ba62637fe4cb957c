import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import guangzhouMap from './vite-plugins/guangzhouMap.js'

// The C server serves web/dist: index.html for every non-/api path and the
// hashed files under /assets/. During `npm run dev` the API is proxied to a
// running `minzheng serve` (MZ_API overrides the address).
export default defineConfig({
  plugins: [vue(), guangzhouMap()],
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': process.env.MZ_API || 'http://127.0.0.1:8080' },
  },
})
