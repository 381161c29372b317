import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import {
  CompanyDefaults,
  MarkReadInput,
  MarkReadResult,
  NotificationList,
  NotificationListQuery,
  Preferences,
  PreferencesInput,
} from './notifications.contract.ts'
import {
  getCompanyDefaults,
  getPreferences,
  listNotifications,
  markRead,
  notificationsVersion,
  putCompanyDefaults,
  putPreferences,
} from './notifications.service.ts'

const tags = ['Notifications']
const IfNoneMatch = z.object({ 'if-none-match': z.string().optional().openapi({ description: 'ETag of the list you have' }) })

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/notifications',
    tags,
    security,
    summary: 'Your notifications, newest first, with the unread count (ETag: poll with If-None-Match, 304 when nothing changed)',
    request: { query: NotificationListQuery, headers: IfNoneMatch },
    responses: { 200: json(NotificationList, 'A page of notifications'), 304: { description: 'Nothing changed' }, ...errors },
  }),
  read: createRoute({
    method: 'post',
    path: '/api/notifications/read',
    tags,
    security,
    summary: 'Mark one, some (ids) or all (all: true) of your notifications read',
    request: { body: jsonBody(MarkReadInput) },
    responses: { 200: json(MarkReadResult, 'How many were marked, and how many stay unread'), ...errors },
  }),
  preferences: createRoute({
    method: 'get',
    path: '/api/notifications/preferences',
    tags,
    security,
    summary: 'Your channel (in the app, email, both, daily digest, none) for every event type you may receive',
    responses: { 200: json(Preferences, 'Your preferences'), ...errors },
  }),
  putPreferences: createRoute({
    method: 'put',
    path: '/api/notifications/preferences',
    tags,
    security,
    summary: 'Choose your channel per event type (default: back to the default)',
    request: { body: jsonBody(PreferencesInput) },
    responses: { 200: json(Preferences, 'Your preferences'), ...errors },
  }),
  defaults: createRoute({
    method: 'get',
    path: '/api/notifications/company-defaults',
    tags,
    security,
    summary: "Partner admins: your company's default channel per event type",
    responses: { 200: json(CompanyDefaults, 'The defaults'), ...errors },
  }),
  putDefaults: createRoute({
    method: 'put',
    path: '/api/notifications/company-defaults',
    tags,
    security,
    summary: "Partner admins: set your company's default channel per event type (a user's own choice wins)",
    request: { body: jsonBody(PreferencesInput) },
    responses: { 200: json(CompanyDefaults, 'The defaults'), ...errors },
  }),
}

export function notificationsRoutes(app: Api) {
  app.openapi(routes.list, async (c) => {
    const ctx = c.get('ctx')
    const q = c.req.valid('query')
    const version = await notificationsVersion(ctx)
    const etag = `"${createHash('sha256')
      .update(`${version}|${JSON.stringify(q)}`)
      .digest('base64url')
      .slice(0, 22)}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'private, no-cache')
    if (c.req.valid('header')['if-none-match'] === etag) return c.body(null, 304)
    return c.json(await listNotifications(ctx, q), 200)
  })
  app.openapi(routes.read, async (c) => c.json(await markRead(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.preferences, async (c) => c.json(await getPreferences(c.get('ctx')), 200))
  app.openapi(routes.putPreferences, async (c) => c.json(await putPreferences(c.get('ctx'), c.req.valid('json')), 200))
  app.openapi(routes.defaults, async (c) => c.json(await getCompanyDefaults(c.get('ctx')), 200))
  app.openapi(routes.putDefaults, async (c) => c.json(await putCompanyDefaults(c.get('ctx'), c.req.valid('json')), 200))
}
