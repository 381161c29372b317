import { Button, Group, Tabs, Text } from '@mantine/core'
import { Link, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/page-header.tsx'
import { ErrorState, NotFoundState, PageLoader } from '../../components/page-states.tsx'
import { ApiError } from '../../lib/api.ts'
import { useCurrentUser, can } from '../../lib/session.ts'
import { ContactsTab } from './contacts-tab.tsx'
import { ExportMenu } from '../../components/export-menu.tsx'
import { StatusBadge } from './partner-badges.tsx'
import { PartnerProfile } from './partner-profile.tsx'
import { filterParams, usePartner } from './partners.queries.ts'
import { StatusMenu } from './status-menu.tsx'
import { TimelineTab } from './timeline-tab.tsx'
import { typeLabels } from './partners.model.ts'
import { TierBadge } from '../../components/tier-badge.tsx'
import { BenefitsTab, TierTab } from '../program/index.ts'
import { AgreementsTab } from '../agreements/index.ts'
import { ClearanceBanner, SafetyPanel } from '../safety/index.ts'

// A partner user's export holds their own company only (the server scopes it).
const ownCompanyExport = { q: '', type: null, status: null, tier: null, country: null, sort: 'legalName' } as const

/** One partner: profile, contacts, timeline; actions offered by role. */
export function PartnerDetail({ id, eyebrow }: { id: string; eyebrow?: string }) {
  const user = useCurrentUser()
  const query = usePartner(id)
  const [params, setParams] = useSearchParams()
  if (query.isPending) return <PageLoader label="Loading partner" />
  if (query.isError)
    return query.error instanceof ApiError && query.error.status === 404 ? (
      <NotFoundState what="partner" />
    ) : (
      <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    )
  const { partner, etag } = query.data
  const canEdit = can(user, 'partners:update')
  return (
    <>
      <PageHeader
        title={partner.legalName}
        description={
          <Group gap="xs">
            {eyebrow && (
              <Text size="sm" c="dimmed">
                {eyebrow} ·
              </Text>
            )}
            <StatusBadge status={partner.status} />
            <TierBadge tier={partner.tier} />
            <Text size="sm" c="dimmed">
              {typeLabels[partner.type]}
              {partner.domain ? ` · ${partner.domain}` : ''}
            </Text>
          </Group>
        }
        actions={
          <>
            {user.partnerId && can(user, 'partners:export') && (
              <ExportMenu path="/api/partners/export" params={filterParams(ownCompanyExport)} />
            )}
            {canEdit && <StatusMenu partner={partner} etag={etag} />}
            {canEdit && (
              <Button component={Link} to={`/partners/${partner.id}/edit`}>
                Edit
              </Button>
            )}
          </>
        }
      />
      <ClearanceBanner partnerId={partner.id} fixLink={user.partnerId ? '/safety-compliance' : undefined} />
      <Tabs
        value={params.get('tab') ?? 'profile'}
        onChange={(tab) => setParams(tab && tab !== 'profile' ? { tab } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="tier">Tier</Tabs.Tab>
          <Tabs.Tab value="benefits">Benefits</Tabs.Tab>
          <Tabs.Tab value="agreements">Agreements</Tabs.Tab>
          <Tabs.Tab value="safety">Safety</Tabs.Tab>
          <Tabs.Tab value="contacts">Contacts</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <PartnerProfile partner={partner} />
        </Tabs.Panel>
        <Tabs.Panel value="tier">
          <TierTab partner={partner} />
        </Tabs.Panel>
        <Tabs.Panel value="benefits">
          <BenefitsTab partnerId={partner.id} />
        </Tabs.Panel>
        <Tabs.Panel value="agreements">
          <AgreementsTab partner={partner} />
        </Tabs.Panel>
        <Tabs.Panel value="safety">
          <SafetyPanel partnerId={partner.id} partnerName={partner.legalName} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <ContactsTab partnerId={partner.id} canManage={can(user, 'contacts:manage')} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <TimelineTab partnerId={partner.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
