import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Api } from './api.ts'

// The docs page loads swagger-ui from the installed swagger-ui-dist package, served on our own origin:
// no script or style comes from a public CDN.
const ASSET_TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}
const distDir = () => path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const cache = new Map<string, Buffer>()

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Alliance API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script>window.onload = () => { window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' }) }</script>
  </body>
</html>`

/** The API docs page and its two assets. */
export function docsRoutes(app: Api) {
  app.get('/api/docs', (c) => c.html(PAGE))
  app.get('/api/docs/assets/:file', (c) => {
    const file = c.req.param('file')
    const type = ASSET_TYPES[file]
    if (!type) return c.notFound()
    let bytes = cache.get(file)
    if (!bytes) cache.set(file, (bytes = fs.readFileSync(path.join(distDir(), file))))
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
  })
}
