import { createBrowserRouter } from 'react-router'
import { NotFoundState } from '../components/page-states.tsx'
import { AgreementDetailPage } from '../features/agreements/agreement-detail-page.tsx'
import { AgreementsPage } from '../features/agreements/agreements-page.tsx'
import { AcceptInvitationPage } from '../features/auth/accept-invitation-page.tsx'
import { LoginPage } from '../features/auth/login-page.tsx'
import { ContactPage } from '../features/inquiries/contact-page.tsx'
import { InquiriesPage } from '../features/inquiries/inquiries-page.tsx'
import { InquiryDetailPage } from '../features/inquiries/inquiry-detail-page.tsx'
import { InquiryStatusPage } from '../features/inquiries/inquiry-status-page.tsx'
import { RoutingRulesPage } from '../features/inquiries/routing-rules-page.tsx'
import { MailPage } from '../features/mail/mail-page.tsx'
import { OnboardingCasePage } from '../features/onboarding/onboarding-case-page.tsx'
import { OnboardingPage } from '../features/onboarding/onboarding-page.tsx'
import { DealDetailPage } from '../features/deals/deal-detail-page.tsx'
import { DealRegisterPage } from '../features/deals/deal-register-page.tsx'
import { DealsPage } from '../features/deals/deals-page.tsx'
import { PipelinePage } from '../features/deals/pipeline-page.tsx'
import { MyCompanyPage } from '../features/partners/my-company-page.tsx'
import { PartnerCreatePage } from '../features/partners/partner-create-page.tsx'
import { PartnerDetailPage } from '../features/partners/partner-detail-page.tsx'
import { PartnerEditPage } from '../features/partners/partner-edit-page.tsx'
import { PartnersListPage } from '../features/partners/partners-list-page.tsx'
import { ProgramPage } from '../features/program/program-page.tsx'
import { WhatIfPage } from '../features/program/what-if-page.tsx'
import { ReviewBoardPage } from '../features/reviews/review-board-page.tsx'
import { ReviewsPage } from '../features/reviews/reviews-page.tsx'
import { TokensPage } from '../features/tokens/tokens-page.tsx'
import { UsersPage } from '../features/users/users-page.tsx'
import { AppLayout, HomeRedirect } from './app-layout.tsx'

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/accept-invitation', element: <AcceptInvitationPage /> },
  { path: '/contact', element: <ContactPage /> },
  { path: '/inquiry-status', element: <InquiryStatusPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'partners', element: <PartnersListPage /> },
      { path: 'partners/new', element: <PartnerCreatePage /> },
      { path: 'partners/:id', element: <PartnerDetailPage /> },
      { path: 'partners/:id/edit', element: <PartnerEditPage /> },
      { path: 'partners/:id/what-if', element: <WhatIfPage /> },
      { path: 'program', element: <ProgramPage /> },
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'reviews/:id', element: <ReviewBoardPage /> },
      { path: 'inquiries', element: <InquiriesPage /> },
      { path: 'inquiries/routing', element: <RoutingRulesPage /> },
      { path: 'inquiries/:id', element: <InquiryDetailPage /> },
      { path: 'mail', element: <MailPage /> },
      { path: 'onboarding', element: <OnboardingPage /> },
      { path: 'onboarding/:id', element: <OnboardingCasePage /> },
      { path: 'agreements', element: <AgreementsPage /> },
      { path: 'agreements/:id', element: <AgreementDetailPage /> },
      { path: 'deals', element: <DealsPage /> },
      { path: 'deals/new', element: <DealRegisterPage /> },
      { path: 'deals/:id', element: <DealDetailPage /> },
      { path: 'pipeline', element: <PipelinePage /> },
      { path: 'my-company', element: <MyCompanyPage /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'tokens', element: <TokensPage /> },
      { path: '*', element: <NotFoundState /> },
    ],
  },
])
