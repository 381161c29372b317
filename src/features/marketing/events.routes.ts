import { createRoute, z } from '@hono/zod-openapi'
import { sheetOf } from '../../core/sheets.ts'
import { conflictErrors, errors, json, jsonBody, security, uploadBody, type Api } from '../../server/api.ts'
import {
  AttendanceInput,
  AttendanceSummary,
  EventInput,
  EventList,
  EventListQuery,
  EventPatch,
  EventSchema,
  FeedbackInput,
  FeedbackResults,
  Id,
  MaterialInput,
  MaterialList,
  MaterialSchema,
  RegistrationList,
} from './events.contract.ts'
import {
  addMaterial,
  attendanceSummary,
  cancelRegistration,
  createEvent,
  feedbackResults,
  getEvent,
  importAttendance,
  listEvents,
  listMaterials,
  listRegistrations,
  recordAttendance,
  register,
  submitFeedback,
  updateEvent,
} from './events.service.ts'

const tags = ['Events']
const { 409: conflict } = conflictErrors
const importErrors = {
  413: { description: 'The file is over the import limits', content: { 'application/problem+json': { schema: z.any() } } },
  415: { description: 'Not a CSV or XLSX file', content: { 'application/problem+json': { schema: z.any() } } },
  422: {
    description: 'Rows are invalid (errors[] names each row); nothing was recorded',
    content: { 'application/problem+json': { schema: z.any() } },
  },
}

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/events',
    tags,
    security,
    summary: 'Events: staff see all; a partner’s users those whose audience includes their company',
    request: { query: EventListQuery },
    responses: { 200: json(EventList, 'The events by start'), ...errors },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/events',
    tags,
    security,
    summary: 'Create an event with its audience, capacity and agenda (marketing)',
    request: { body: jsonBody(EventInput) },
    responses: { 201: json(EventSchema, 'The event'), ...errors },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/events/{id}',
    tags,
    security,
    summary: 'One event with its agenda, seats left and your registration',
    request: { params: Id },
    responses: { 200: json(EventSchema, 'The event'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/events/{id}',
    tags,
    security,
    summary: 'Change an event (marketing); a new time sends everyone registered an updated invitation',
    request: { params: Id, body: jsonBody(EventPatch) },
    responses: { 200: json(EventSchema, 'The event'), ...errors, 409: conflict },
  }),
  register: createRoute({
    method: 'post',
    path: '/api/events/{id}/registration',
    tags,
    security,
    summary: 'Register yourself (partner users): a seat while there is one, else the waitlist; a confirmation with the invitation follows',
    request: { params: Id },
    responses: { 200: json(EventSchema, 'The event with your registration'), ...errors, 409: conflict },
  }),
  cancel: createRoute({
    method: 'delete',
    path: '/api/events/{id}/registration',
    tags,
    security,
    summary: 'Cancel your registration; the seat goes to the first on the waitlist',
    request: { params: Id },
    responses: { 200: json(EventSchema, 'The event'), ...errors },
  }),
  registrations: createRoute({
    method: 'get',
    path: '/api/events/{id}/registrations',
    tags,
    security,
    summary: 'Registrations and the waitlist in order (a partner sees its own company’s people)',
    request: { params: Id },
    responses: { 200: json(RegistrationList, 'The registrations'), ...errors },
  }),
  attendance: createRoute({
    method: 'post',
    path: '/api/events/{id}/attendance',
    tags,
    security,
    summary: 'Record attendance by hand, by the email of each registered person (marketing)',
    request: { params: Id, body: jsonBody(AttendanceInput) },
    responses: { 200: json(AttendanceSummary, 'The counts'), ...errors, 409: conflict },
  }),
  importAttendance: createRoute({
    method: 'post',
    path: '/api/events/{id}/attendance/import',
    tags,
    security,
    summary: 'Import attendance from the meeting platform’s participant export (CSV or XLSX; marketing)',
    request: { params: Id, body: uploadBody },
    responses: {
      200: json(z.object({ imported: z.number().int(), summary: AttendanceSummary }).openapi('EventAttendanceImport'), 'Recorded'),
      ...errors,
      409: conflict,
      ...importErrors,
    },
  }),
  summary: createRoute({
    method: 'get',
    path: '/api/events/{id}/attendance',
    tags,
    security,
    summary: 'Registered and attended counts by partner and by tier (marketing)',
    request: { params: Id },
    responses: { 200: json(AttendanceSummary, 'The counts'), ...errors },
  }),
  materials: createRoute({
    method: 'get',
    path: '/api/events/{id}/materials',
    tags,
    security,
    summary: 'Decks and videos: for staff, and for attendees once the event has ended',
    request: { params: Id },
    responses: { 200: json(MaterialList, 'The materials'), ...errors },
  }),
  addMaterial: createRoute({
    method: 'post',
    path: '/api/events/{id}/materials',
    tags,
    security,
    summary: 'Publish a deck or video to the attendees after the event; each gets it by email (marketing)',
    request: { params: Id, body: jsonBody(MaterialInput) },
    responses: { 201: json(MaterialSchema, 'The material'), ...errors, 409: conflict },
  }),
  feedback: createRoute({
    method: 'get',
    path: '/api/events/{id}/feedback',
    tags,
    security,
    summary: 'Survey results: ratings, averages and what attendees are saying (quotes they allowed)',
    request: { params: Id },
    responses: { 200: json(FeedbackResults, 'The results'), ...errors },
  }),
  submitFeedback: createRoute({
    method: 'put',
    path: '/api/events/{id}/feedback',
    tags,
    security,
    summary: 'Answer the survey after the event (attendees); answering again replaces the answer',
    request: { params: Id, body: jsonBody(FeedbackInput) },
    responses: { 200: json(FeedbackResults, 'The results'), ...errors, 409: conflict },
  }),
}

export function eventsRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json({ items: await listEvents(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.create, async (c) => c.json(await createEvent(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.get, async (c) => c.json(await getEvent(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.update, async (c) => c.json(await updateEvent(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200))
  app.openapi(routes.register, async (c) => c.json(await register(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.cancel, async (c) => c.json(await cancelRegistration(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.registrations, async (c) => c.json({ items: await listRegistrations(c.get('ctx'), c.req.valid('param').id) }, 200))
  app.openapi(routes.attendance, async (c) =>
    c.json(await recordAttendance(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').entries), 200),
  )
  app.openapi(routes.importAttendance, async (c) =>
    c.json(await importAttendance(c.get('ctx'), c.req.valid('param').id, await sheetOf(c.req.valid('form').file)), 200),
  )
  app.openapi(routes.summary, async (c) => c.json(await attendanceSummary(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.materials, async (c) => c.json({ items: await listMaterials(c.get('ctx'), c.req.valid('param').id) }, 200))
  app.openapi(routes.addMaterial, async (c) => c.json(await addMaterial(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201))
  app.openapi(routes.feedback, async (c) => c.json(await feedbackResults(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.submitFeedback, async (c) =>
    c.json(await submitFeedback(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  )
}
