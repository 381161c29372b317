import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { App } from './app.ts'

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const REVALIDATE = 'no-cache'

/**
 * The built web app. Files under /assets/ carry a content hash in their name, so browsers keep them for a year;
 * index.html (and every app path that answers with it) is revalidated on each load, so a new build shows at once.
 * Text files go out as the build's precompressed .br or .gz when the browser accepts it.
 */
export function serveWeb(app: Pick<App, 'use' | 'get'>, webDist: string) {
  const index = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8')
  app.use('/*', async (c, next) => {
    await next()
    if (c.req.path.startsWith('/api/') || c.res.status >= 400) return
    const hashed = c.req.path.startsWith('/assets/')
    c.res.headers.set('Cache-Control', hashed ? IMMUTABLE : REVALIDATE)
  })
  app.use('/*', serveStatic({ root: path.relative(process.cwd(), webDist), precompressed: true }))
  // An asset that is not there (an old build's chunk) is a 404, never the app's page kept for a year.
  app.get('*', (c) => (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/') ? c.notFound() : c.html(index)))
}
