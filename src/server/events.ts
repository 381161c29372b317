// Every feature's event catalog, imported in one place so the catalog is complete wherever the app runs
// (the OpenAPI document's webhooks, the preferences page, webhook dispatch). A feature with events adds
// its `<feature>.events.ts` here.
import '../features/agreements/agreements.events.ts'
import '../features/deals/deals.events.ts'
import '../features/marketing/marketing.events.ts'
import '../features/inquiries/inquiries.events.ts'
import '../features/onboarding/onboarding.events.ts'
import '../features/program/program.events.ts'
import '../features/reviews/reviews.events.ts'
import '../features/safety/safety.events.ts'
import '../features/webhooks/webhooks.events.ts'
import '../features/funds/funds.events.ts'
