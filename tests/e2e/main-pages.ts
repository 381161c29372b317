/**
 * The main pages of every role, as data: the accessibility check visits each of them (and a new page joins by
 * adding its path here). `{partner}`-style placeholders are replaced by the first record the signed-in user can
 * see, read from the API list named in `firstOf`.
 */
export const mainPages: { who: string | null; paths: string[] }[] = [
  { who: null, paths: ['/login', '/contact', '/inquiry-status', '/accept-invitation'] },
  {
    who: 'admin@alliance.example',
    paths: [
      '/partners',
      '/partners/{partner}',
      '/partners/{partner}/what-if',
      '/partners/new',
      '/program',
      '/reviews',
      '/onboarding',
      '/onboarding/{case}',
      '/agreements',
      '/agreements/{agreement}',
      '/inquiries',
      '/inquiries/{inquiry}',
      '/inquiries/routing',
      '/deals',
      '/deals/{deal}',
      '/deals/new',
      '/pipeline',
      '/users',
      '/mail',
      '/tokens',
      '/notifications/preferences',
      '/webhooks',
    ],
  },
  { who: 'marketing@alliance.example', paths: ['/programs', '/events', '/events/{event}'] },
  { who: 'gps@alliance.example', paths: ['/', '/inquiries', '/onboarding'] },
  {
    who: 'safety@alliance.example',
    paths: ['/safety', '/safety/gaps', '/safety/matrix', '/safety/requirements', '/partners/{partner}?tab=safety'],
  },
  { who: 'incentives@alliance.example', paths: ['/', '/deals', '/funds'] },
  { who: 'sales@alliance.example', paths: ['/', '/reviews'] },
  {
    who: 'admin@acme.example',
    paths: [
      '/',
      '/my-company',
      '/agreements',
      '/agreements/{agreement}',
      '/deals',
      '/users',
      '/safety-compliance',
      '/notifications/preferences',
      '/webhooks',
    ],
  },
  {
    who: 'user@acme.example',
    paths: ['/', '/my-company', '/deals', '/deals/{deal}', '/deals/new', '/events', '/events/{event}', '/programs', '/funds'],
  },
]

export const firstOf: Record<string, string> = {
  partner: '/api/partners?limit=1',
  case: '/api/onboarding/cases',
  agreement: '/api/agreements',
  inquiry: '/api/inquiries?limit=1',
  deal: '/api/deals?limit=1',
  event: '/api/events',
}
