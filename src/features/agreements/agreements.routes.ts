import { createRoute, z } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import {
  AgreementCreateInput,
  AgreementDetailSchema,
  AgreementListQuery,
  AgreementPatchInput,
  AgreementSchema,
  DocumentSchema,
  ExtensionDecisionInput,
  ExtensionInput,
  ExtensionSchema,
  SignInput,
} from './agreements.contract.ts'
import {
  createAgreement,
  getAgreement,
  listAgreements,
  sendForSignature,
  signAgreement,
  terminateAgreement,
  updateAgreement,
} from './agreements.service.ts'
import { downloadDocument, uploadDocument } from './documents.service.ts'
import { decideExtension, requestExtension } from './extensions.service.ts'

const tags = ['Agreements']
const path = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } })
const Id = z.object({ id: path('id') })
const DocPath = Id.extend({ documentId: path('documentId') })
const ExtPath = z.object({ extensionId: path('extensionId') })
const tooLarge = { description: 'The file is over the size limit', content: { 'application/problem+json': { schema: z.any() } } }

const DocumentUpload = z
  .object({
    file: z.custom<File>((v) => v instanceof File, 'Attach a PDF, DOCX or image file').openapi({ type: 'string', format: 'binary' }),
  })
  .openapi('AgreementDocumentUpload')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/agreements',
    tags,
    security,
    summary: 'Agreements (partner users: their own company only), filtered by partner, type, status or expiring within N days',
    request: { query: AgreementListQuery },
    responses: { 200: json(z.object({ items: z.array(AgreementSchema) }).openapi('AgreementList'), 'Agreements'), ...errors },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/agreements',
    tags,
    security,
    summary:
      'Create a draft agreement (a POTC takes the version in force); a second valid flow-down for the same partner and client is refused (FLOW_DOWN_EXISTS)',
    request: { body: jsonBody(AgreementCreateInput) },
    responses: { 201: json(AgreementSchema, 'Created'), ...errors, 409: conflictErrors[409] },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/agreements/{id}',
    tags,
    security,
    summary: 'An agreement with its documents, signatures, country extensions, POTC text and history',
    request: { params: Id },
    responses: { 200: json(AgreementDetailSchema, 'The agreement'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/agreements/{id}',
    tags,
    security,
    summary: 'Change a draft, or renew a signed agreement (expiry date and renewal terms)',
    request: { params: Id, body: jsonBody(AgreementPatchInput) },
    responses: { 200: json(AgreementSchema, 'Updated'), ...errors, ...conflictErrors },
  }),
  send: createRoute({
    method: 'post',
    path: '/api/agreements/{id}/send',
    tags,
    security,
    summary: "Send a draft out for signature (the partner's admins are told)",
    request: { params: Id },
    responses: { 200: json(AgreementSchema, 'Out for signature'), ...errors, ...conflictErrors },
  }),
  terminate: createRoute({
    method: 'post',
    path: '/api/agreements/{id}/terminate',
    tags,
    security,
    summary: 'Terminate an agreement',
    request: { params: Id },
    responses: { 200: json(AgreementSchema, 'Terminated'), ...errors, ...conflictErrors },
  }),
  sign: createRoute({
    method: 'post',
    path: '/api/agreements/{id}/sign',
    tags,
    security,
    summary: "A partner admin signs its company's agreement (a POTC by accepting its fixed version)",
    request: { params: Id, body: jsonBody(SignInput) },
    responses: { 200: json(AgreementDetailSchema, 'Signed: the agreement is active'), ...errors, ...conflictErrors },
  }),
  upload: createRoute({
    method: 'post',
    path: '/api/agreements/{id}/documents',
    tags,
    security,
    summary: 'Upload a document (multipart field "file": PDF, DOCX or image, judged by its bytes; size-limited)',
    request: { params: Id, body: { required: true, content: { 'multipart/form-data': { schema: DocumentUpload } } } },
    responses: {
      201: json(DocumentSchema, 'Stored'),
      ...errors,
      ...conflictErrors,
      413: tooLarge,
      415: { ...tooLarge, description: 'Not a PDF, DOCX or image' },
    },
  }),
  download: createRoute({
    method: 'get',
    path: '/api/agreements/{id}/documents/{documentId}',
    tags,
    security,
    summary: 'Download a document',
    request: { params: DocPath },
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errors,
    },
  }),
  requestExtension: createRoute({
    method: 'post',
    path: '/api/agreements/{id}/extensions',
    tags,
    security,
    summary: 'Request extending the agreement to a country, for a deal (partner operations decide)',
    request: { params: Id, body: jsonBody(ExtensionInput) },
    responses: { 201: json(ExtensionSchema, 'Requested'), ...errors, ...conflictErrors },
  }),
  decideExtension: createRoute({
    method: 'post',
    path: '/api/agreements/extensions/{extensionId}/decide',
    tags,
    security,
    summary: 'Approve (the country joins the agreement) or reject a country extension request',
    request: { params: ExtPath, body: jsonBody(ExtensionDecisionInput) },
    responses: { 200: json(ExtensionSchema, 'Decided'), ...errors, ...conflictErrors },
  }),
}

/** A download name that cannot break the header: ASCII fallback plus the UTF-8 form. */
const disposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`

export function agreementsRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json({ items: await listAgreements(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.create, async (c) => {
    const agreement = await createAgreement(c.get('ctx'), c.req.valid('json'))
    c.header('Location', `/api/agreements/${agreement.id}`)
    return c.json(agreement, 201)
  })
  app.openapi(routes.get, async (c) => c.json(await getAgreement(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.update, async (c) => c.json(await updateAgreement(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.send, async (c) => c.json(await sendForSignature(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.terminate, async (c) => c.json(await terminateAgreement(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.sign, async (c) => c.json(await signAgreement(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.upload, async (c) => {
    const { file } = c.req.valid('form')
    const document = await uploadDocument(c.get('ctx'), c.req.valid('param').id, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })
    return c.json(document, 201)
  })
  app.openapi(routes.download, async (c) => {
    const { id, documentId } = c.req.valid('param')
    const { document, bytes } = await downloadDocument(c.get('ctx'), id, documentId)
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': document.contentType,
      'Content-Disposition': disposition(document.filename),
      'X-Content-Type-Options': 'nosniff',
    })
  })
  app.openapi(routes.requestExtension, async (c) =>
    c.json(await requestExtension(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  app.openapi(routes.decideExtension, async (c) =>
    c.json(await decideExtension(c.get('ctx'), c.req.valid('param').extensionId, c.req.valid('json')), 200),
  )
}
