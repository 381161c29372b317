import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/** Writes a .gz and a .br beside every text asset of the build, for the server to send as they are. */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'alliance-precompress',
    apply: 'build',
    configResolved: (config) => {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle: (_options, bundle) => {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue
        const file = path.join(outDir, name)
        const raw = fs.readFileSync(file)
        if (raw.length < 1024) continue
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }))
        const quality = { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY }
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: quality }))
      }
    },
  }
}

export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
})
