import { createRoute } from '@hono/zod-openapi'
import { conflictErrors, errors, json, jsonBody, security, type Api } from '../../server/api.ts'
import {
  CampaignInput,
  CampaignList,
  CampaignSchema,
  DeclineInput,
  EndInput,
  Id,
  InviteInput,
  MembershipList,
  MembershipListQuery,
  MembershipSchema,
  PartnerMarketingSchema,
} from './programs.contract.ts'
import {
  addCampaign,
  endMembership,
  getMembership,
  invite,
  listCampaigns,
  listMemberships,
  partnerMarketing,
  respond,
} from './programs.service.ts'

const tags = ['Marketing programs']
const { 409: conflict } = conflictErrors

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/programs/memberships',
    tags,
    security,
    summary: 'JAM and JEM invitations and memberships (a partner sees its own company’s)',
    request: { query: MembershipListQuery },
    responses: { 200: json(MembershipList, 'The memberships, newest invitation first'), ...errors },
  }),
  invite: createRoute({
    method: 'post',
    path: '/api/programs/memberships',
    tags,
    security,
    summary: 'Invite a partner to JAM or JEM for a period (marketing); its tier must offer the program',
    request: { body: jsonBody(InviteInput) },
    responses: { 201: json(MembershipSchema, 'The invitation'), ...errors, 409: conflict },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/programs/memberships/{id}',
    tags,
    security,
    summary: 'One invitation or membership',
    request: { params: Id },
    responses: { 200: json(MembershipSchema, 'The membership'), ...errors },
  }),
  accept: createRoute({
    method: 'post',
    path: '/api/programs/memberships/{id}/accept',
    tags,
    security,
    summary: "Accept the company's invitation (partner admin)",
    request: { params: Id },
    responses: { 200: json(MembershipSchema, 'The membership, now active'), ...errors, 409: conflict },
  }),
  decline: createRoute({
    method: 'post',
    path: '/api/programs/memberships/{id}/decline',
    tags,
    security,
    summary: "Decline the company's invitation (partner admin), optionally saying why",
    request: { params: Id, body: jsonBody(DeclineInput) },
    responses: { 200: json(MembershipSchema, 'The declined invitation'), ...errors, 409: conflict },
  }),
  end: createRoute({
    method: 'post',
    path: '/api/programs/memberships/{id}/end',
    tags,
    security,
    summary: 'End a membership before its period is over, or withdraw an open invitation (marketing)',
    request: { params: Id, body: jsonBody(EndInput) },
    responses: { 200: json(MembershipSchema, 'The ended membership'), ...errors, 409: conflict },
  }),
  campaigns: createRoute({
    method: 'get',
    path: '/api/programs/memberships/{id}/campaigns',
    tags,
    security,
    summary: 'The campaigns and joint events of a membership, with their MDF references',
    request: { params: Id },
    responses: { 200: json(CampaignList, 'The campaigns'), ...errors },
  }),
  addCampaign: createRoute({
    method: 'post',
    path: '/api/programs/memberships/{id}/campaigns',
    tags,
    security,
    summary: 'Record a campaign or joint event of an active membership (marketing)',
    request: { params: Id, body: jsonBody(CampaignInput) },
    responses: { 201: json(CampaignSchema, 'The campaign'), ...errors, 409: conflict },
  }),
  partner: createRoute({
    method: 'get',
    path: '/api/programs/partners/{id}',
    tags,
    security,
    summary: "A partner's standing: which programs its tier offers, its memberships, and its partner page level",
    request: { params: Id },
    responses: { 200: json(PartnerMarketingSchema, 'The standing'), ...errors },
  }),
}

export function programsRoutes(app: Api) {
  app.openapi(routes.list, async (c) => c.json({ items: await listMemberships(c.get('ctx'), c.req.valid('query')) }, 200))
  app.openapi(routes.invite, async (c) => c.json(await invite(c.get('ctx'), c.req.valid('json')), 201))
  app.openapi(routes.get, async (c) => c.json(await getMembership(c.get('ctx'), c.req.valid('param').id), 200))
  app.openapi(routes.accept, async (c) => c.json(await respond(c.get('ctx'), c.req.valid('param').id, { accept: true }), 200))
  app.openapi(routes.decline, async (c) =>
    c.json(await respond(c.get('ctx'), c.req.valid('param').id, { accept: false, reason: c.req.valid('json').reason }), 200),
  )
  app.openapi(routes.end, async (c) => c.json(await endMembership(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').reason), 200))
  app.openapi(routes.campaigns, async (c) => c.json({ items: await listCampaigns(c.get('ctx'), c.req.valid('param').id) }, 200))
  app.openapi(routes.addCampaign, async (c) => c.json(await addCampaign(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201))
  app.openapi(routes.partner, async (c) => c.json(await partnerMarketing(c.get('ctx'), c.req.valid('param').id), 200))
}
