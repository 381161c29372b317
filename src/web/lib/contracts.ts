// The features' contracts the forms check on the page, loaded in a chunk of their own the first time a
// form is shown (zod and the contracts stay out of the first load). Add a contract here to check a form with it.
import { z } from 'zod'
import { plainIssueMessage } from '../../core/zod-messages.ts'

// The API's plain words for zod's generic checks.
z.config({ customError: plainIssueMessage })

export { DealCreateInput } from '../../features/deals/deals.contract.ts'
export { StartReviewInput } from '../../features/reviews/reviews.contract.ts'
export { InquiryInput } from '../../features/inquiries/inquiries.contract.ts'
export { WebhookCreateInput } from '../../features/webhooks/webhooks.contract.ts'
export { InviteInput } from '../../features/marketing/programs.contract.ts'
export { EventInput } from '../../features/marketing/events.contract.ts'
export {
  ClearanceOverrideInput,
  MatrixEntryInput,
  ProviderInput,
  RequirementsInput,
  RiskOverrideInput,
  SubscriptionInput,
} from '../../features/safety/safety.contract.ts'
export { GapCloseInput, GapCommentInput, GapPatchInput, RedFlagInput } from '../../features/safety/evidence.contract.ts'
export { RequestInput as MdfRequestInput } from '../../features/funds/funds.contract.ts'
