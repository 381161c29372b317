import type { ComponentType } from 'react'
import { createBrowserRouter } from 'react-router'
import { NotFoundState } from '../components/page-states.tsx'

/**
 * Every page is its own chunk, loaded when its route is entered: the sign-in page, the public pages and a
 * partner's first page download only what they show (charts load with the pipeline page alone).
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return { lazy: async () => ({ Component: (await load())[name] }) }
}

export const router = createBrowserRouter([
  { path: '/login', ...page(() => import('../features/auth/login-page.tsx'), 'LoginPage') },
  { path: '/accept-invitation', ...page(() => import('../features/auth/accept-invitation-page.tsx'), 'AcceptInvitationPage') },
  { path: '/contact', ...page(() => import('../features/inquiries/contact-page.tsx'), 'ContactPage') },
  { path: '/inquiry-status', ...page(() => import('../features/inquiries/inquiry-status-page.tsx'), 'InquiryStatusPage') },
  {
    ...page(() => import('./app-layout.tsx'), 'AppLayout'),
    children: [
      { index: true, ...page(() => import('../features/worklist/home-page.tsx'), 'HomePage') },
      { path: 'partners', ...page(() => import('../features/partners/partners-list-page.tsx'), 'PartnersListPage') },
      { path: 'partners/new', ...page(() => import('../features/partners/partner-create-page.tsx'), 'PartnerCreatePage') },
      { path: 'partners/:id', ...page(() => import('../features/partners/partner-detail-page.tsx'), 'PartnerDetailPage') },
      { path: 'partners/:id/edit', ...page(() => import('../features/partners/partner-edit-page.tsx'), 'PartnerEditPage') },
      { path: 'partners/:id/what-if', ...page(() => import('../features/program/what-if-page.tsx'), 'WhatIfPage') },
      { path: 'program', ...page(() => import('../features/program/program-page.tsx'), 'ProgramPage') },
      { path: 'reviews', ...page(() => import('../features/reviews/reviews-page.tsx'), 'ReviewsPage') },
      { path: 'reviews/:id', ...page(() => import('../features/reviews/review-board-page.tsx'), 'ReviewBoardPage') },
      { path: 'inquiries', ...page(() => import('../features/inquiries/inquiries-page.tsx'), 'InquiriesPage') },
      { path: 'inquiries/routing', ...page(() => import('../features/inquiries/routing-rules-page.tsx'), 'RoutingRulesPage') },
      { path: 'inquiries/:id', ...page(() => import('../features/inquiries/inquiry-detail-page.tsx'), 'InquiryDetailPage') },
      { path: 'mail', ...page(() => import('../features/mail/mail-page.tsx'), 'MailPage') },
      { path: 'onboarding', ...page(() => import('../features/onboarding/onboarding-page.tsx'), 'OnboardingPage') },
      { path: 'onboarding/:id', ...page(() => import('../features/onboarding/onboarding-case-page.tsx'), 'OnboardingCasePage') },
      { path: 'agreements', ...page(() => import('../features/agreements/agreements-page.tsx'), 'AgreementsPage') },
      { path: 'agreements/:id', ...page(() => import('../features/agreements/agreement-detail-page.tsx'), 'AgreementDetailPage') },
      { path: 'deals', ...page(() => import('../features/deals/deals-page.tsx'), 'DealsPage') },
      { path: 'deals/new', ...page(() => import('../features/deals/deal-register-page.tsx'), 'DealRegisterPage') },
      { path: 'deals/:id', ...page(() => import('../features/deals/deal-detail-page.tsx'), 'DealDetailPage') },
      { path: 'pipeline', ...page(() => import('../features/deals/pipeline-page.tsx'), 'PipelinePage') },
      { path: 'my-company', ...page(() => import('../features/partners/my-company-page.tsx'), 'MyCompanyPage') },
      { path: 'safety-compliance', ...page(() => import('../features/safety/safety-compliance-page.tsx'), 'SafetyCompliancePage') },
      { path: 'programs', ...page(() => import('../features/marketing/programs-page.tsx'), 'ProgramsPage') },
      { path: 'events', ...page(() => import('../features/marketing/events-page.tsx'), 'EventsPage') },
      { path: 'events/:id', ...page(() => import('../features/marketing/event-detail-page.tsx'), 'EventDetailPage') },
      { path: 'safety', ...page(() => import('../features/safety/safety-dashboard-page.tsx'), 'SafetyDashboardPage') },
      { path: 'safety/gaps', ...page(() => import('../features/safety/gap-queue-page.tsx'), 'GapQueuePage') },
      { path: 'safety/matrix', ...page(() => import('../features/safety/risk-matrix-page.tsx'), 'RiskMatrixPage') },
      { path: 'safety/requirements', ...page(() => import('../features/safety/requirements-page.tsx'), 'RequirementsPage') },
      { path: 'funds', ...page(() => import('../features/funds/funds-page.tsx'), 'FundsPage') },
      { path: 'users', ...page(() => import('../features/users/users-page.tsx'), 'UsersPage') },
      { path: 'tokens', ...page(() => import('../features/tokens/tokens-page.tsx'), 'TokensPage') },
      { path: 'webhooks', ...page(() => import('../features/webhooks/webhooks-page.tsx'), 'WebhooksPage') },
      { path: 'notifications/preferences', ...page(() => import('../features/notifications/preferences-page.tsx'), 'PreferencesPage') },
      { path: '*', Component: NotFoundState },
    ],
  },
])
