// Every feature's event catalog, imported in one place so the catalog is complete wherever the app runs
// (the OpenAPI document's webhooks, the preferences page, webhook dispatch). A feature with events adds
// its `<feature>.events.ts` here.
import '../features/deals/deals.events.ts'
