import { createRoute, z } from '@hono/zod-openapi'
import {
  conflictErrors,
  errors,
  expectedVersion,
  IfMatchHeader,
  ImportResult,
  json,
  jsonBody,
  security,
  SheetFormatQuery,
  sheetDownload,
  sheetFile,
  uploadBody,
  versionTag,
  type Api,
} from '../../server/api.ts'
import { addContact, listContacts, removeContact, updateContact } from './contacts.service.ts'
import {
  ContactInput,
  ContactPatchInput,
  ContactSchema,
  PartnerCreateInput,
  PartnerList,
  PartnerListQuery,
  PartnerPatchInput,
  PartnerSchema,
  TimelineEntry,
} from './partners.contract.ts'
import { sheetOf } from '../../core/sheets.ts'
import { exportPartners, importPartners, parsePartnerFile } from './partners.io.ts'
import { createPartner, getPartner, listPartners, updatePartner } from './partners.service.ts'
import { partnerTimeline } from './timeline.service.ts'

const tags = ['Partners']
const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const ContactIds = Id.extend({
  contactId: z
    .string()
    .uuid()
    .openapi({ param: { name: 'contactId', in: 'path' } }),
})
const ExportQuery = PartnerListQuery.omit({ cursor: true, limit: true }).extend(SheetFormatQuery.shape)

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/partners',
    tags,
    security,
    summary: 'Search, filter, sort and page partners',
    request: { query: PartnerListQuery },
    responses: { 200: json(PartnerList, 'A page of partners'), ...errors },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/partners',
    tags,
    security,
    summary: 'Create a partner',
    request: { body: jsonBody(PartnerCreateInput) },
    responses: { 201: json(PartnerSchema, 'Created'), ...errors, ...conflictErrors },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/partners/{id}',
    tags,
    security,
    summary: 'One partner (ETag carries its version)',
    request: { params: Id },
    responses: { 200: json(PartnerSchema, 'The partner'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/partners/{id}',
    tags,
    security,
    summary: 'Change a partner; honours If-Match',
    request: { params: Id, body: jsonBody(PartnerPatchInput), headers: IfMatchHeader },
    responses: { 200: json(PartnerSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  export: createRoute({
    method: 'get',
    path: '/api/partners/export',
    tags,
    security,
    summary: 'Export partners matching the filters as CSV or XLSX',
    request: { query: ExportQuery },
    responses: {
      200: sheetFile,
      ...errors,
    },
  }),
  import: createRoute({
    method: 'post',
    path: '/api/partners/import',
    tags,
    security,
    summary: 'Import partners from a CSV or XLSX file (multipart field "file"); all rows or none',
    request: {
      body: uploadBody,
    },
    responses: { 200: json(ImportResult, 'Imported'), ...errors, 422: errors[400] },
  }),
  contacts: createRoute({
    method: 'get',
    path: '/api/partners/{id}/contacts',
    tags,
    security,
    summary: "A partner's contacts",
    request: { params: Id },
    responses: { 200: json(z.object({ items: z.array(ContactSchema) }).openapi('ContactList'), 'Contacts'), ...errors },
  }),
  addContact: createRoute({
    method: 'post',
    path: '/api/partners/{id}/contacts',
    tags,
    security,
    summary: 'Add a contact',
    request: { params: Id, body: jsonBody(ContactInput) },
    responses: { 201: json(ContactSchema, 'Created'), ...errors },
  }),
  updateContact: createRoute({
    method: 'patch',
    path: '/api/partners/{id}/contacts/{contactId}',
    tags,
    security,
    summary: 'Change a contact',
    request: { params: ContactIds, body: jsonBody(ContactPatchInput) },
    responses: { 200: json(ContactSchema, 'Updated'), ...errors },
  }),
  removeContact: createRoute({
    method: 'delete',
    path: '/api/partners/{id}/contacts/{contactId}',
    tags,
    security,
    summary: 'Remove a contact',
    request: { params: ContactIds },
    responses: { 204: { description: 'Removed' }, ...errors },
  }),
  timeline: createRoute({
    method: 'get',
    path: '/api/partners/{id}/timeline',
    tags,
    security,
    summary: 'Everything that happened to a partner, newest first',
    request: { params: Id },
    responses: { 200: json(z.object({ items: z.array(TimelineEntry) }).openapi('Timeline'), 'Timeline'), ...errors },
  }),
}

export function partnersRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json(await listPartners(c.get('ctx'), c.req.valid('query')), 200))
  app.openapi(routes.create, async (c) => {
    const partner = await createPartner(c.get('ctx'), c.req.valid('json'))
    versionTag(c, partner.version)
    c.header('Location', `/api/partners/${partner.id}`)
    return c.json(partner, 201)
  })
  // Registered before /{id} so "export" is not taken for an id.
  app.openapi(routes.export, async (c) => {
    const { format, ...filters } = c.req.valid('query')
    return sheetDownload(await exportPartners(c.get('ctx'), filters, format), 'partners', format) as never
  })
  app.openapi(routes.import, async (c) => {
    const { data, format } = await sheetOf(c.req.valid('form').file)
    return c.json(await importPartners(c.get('ctx'), await parsePartnerFile(data, format, c.get('ctx').config.imports)), 200)
  })
  app.openapi(routes.get, async (c) => {
    const partner = await getPartner(c.get('ctx'), c.req.valid('param').id)
    versionTag(c, partner.version)
    return c.json(partner, 200)
  })
  app.openapi(routes.update, async (c) => {
    const expected = expectedVersion(c.req.valid('header')['if-match'])
    const partner = await updatePartner(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'), expected)
    versionTag(c, partner.version)
    return c.json(partner, 200)
  })
  app.openapi(routes.contacts, async (c) => c.json({ items: await listContacts(c.get('ctx'), c.req.valid('param').id) }, 200))
  app.openapi(routes.addContact, async (c) => c.json(await addContact(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201))
  app.openapi(routes.updateContact, async (c) => {
    const { id, contactId } = c.req.valid('param')
    return c.json(await updateContact(c.get('ctx'), id, contactId, c.req.valid('json')), 200)
  })
  app.openapi(routes.removeContact, async (c) => {
    const { id, contactId } = c.req.valid('param')
    await removeContact(c.get('ctx'), id, contactId)
    return c.body(null, 204)
  })
  app.openapi(routes.timeline, async (c) => c.json({ items: await partnerTimeline(c.get('ctx'), c.req.valid('param').id) }, 200))
}
