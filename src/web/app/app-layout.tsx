import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import {
  AgreementIcon,
  ChartIcon,
  CompanyIcon,
  DealIcon,
  HomeIcon,
  InboxIcon,
  InquiryIcon,
  KeyIcon,
  MailIcon,
  OnboardingIcon,
  PartnersIcon,
  ProgramIcon,
  ReviewIcon,
  ShieldIcon,
  UsersIcon,
  WebhookIcon,
} from '../components/icons.tsx'
import { ErrorState, PageLoader } from '../components/page-states.tsx'
import { NotificationBell } from '../features/notifications/notification-bell.tsx'
import { useOffered } from '../features/program/program.queries.ts'
import { countLabel, useWorklist } from '../features/worklist/worklist.queries.ts'
import { roleLabels } from '../lib/roles.ts'
import { useLogout, useMe, type Me, can } from '../lib/session.ts'

type NavItem = { to: string; label: string; icon: ReactNode; children?: { to: string; label: string }[] }

/** Role-based navigation; a partner user sees Pipeline only when its tier includes pipeline reporting. */
function navFor(user: Me, offered: (benefitKey: string) => boolean | undefined): NavItem[] {
  const items: NavItem[] = [{ to: '/', label: 'Home', icon: <HomeIcon /> }]
  if (user.partnerId) {
    items.push({ to: '/my-company', label: 'My company', icon: <CompanyIcon /> })
    items.push({ to: '/agreements', label: 'Agreements', icon: <AgreementIcon /> })
    items.push({ to: '/safety-compliance', label: 'Safety compliance', icon: <AgreementIcon /> })
  } else {
    items.push({ to: '/partners', label: 'Partners', icon: <PartnersIcon /> })
    items.push({ to: '/program', label: 'Program', icon: <ProgramIcon /> })
    items.push({ to: '/reviews', label: 'Reviews', icon: <ReviewIcon /> })
    if (can(user, 'onboarding:read') || can(user, 'onboarding:request'))
      items.push({ to: '/onboarding', label: 'Onboarding', icon: <OnboardingIcon /> })
    items.push({ to: '/agreements', label: 'Agreements', icon: <AgreementIcon /> })
    // The Partner Safety Program: safety users work it, every other internal role reads it.
    items.push({
      to: '/safety',
      label: 'Safety',
      icon: <ShieldIcon />,
      children: [
        { to: '/safety', label: 'Compliance dashboard' },
        { to: '/safety/gaps', label: 'Gap queue' },
        { to: '/safety/matrix', label: 'Risk matrix' },
        { to: '/safety/requirements', label: 'Minimum requirements' },
      ],
    })
  }
  if (can(user, 'inquiries:read')) items.push({ to: '/inquiries', label: 'Inquiries', icon: <InquiryIcon /> })
  items.push({ to: '/deals', label: user.partnerId ? 'My deals' : 'Deals', icon: <DealIcon /> })
  if (offered('pipelineReporting')) items.push({ to: '/pipeline', label: 'Pipeline', icon: <ChartIcon /> })
  if (can(user, 'events:read')) items.push({ to: '/events', label: 'Events', icon: <InboxIcon /> })
  if (can(user, 'programs:read')) items.push({ to: '/programs', label: 'JAM & JEM', icon: <ProgramIcon /> })
  if (user.partnerId ? offered('mdfTracking') : can(user, 'funds:approve') || can(user, 'funds:manage'))
    items.push({ to: '/funds', label: 'Marketing funds', icon: <ChartIcon /> })
  if (can(user, 'users:manage')) items.push({ to: '/users', label: 'Users', icon: <UsersIcon /> })
  if (can(user, 'mail:read')) items.push({ to: '/mail', label: 'Mail', icon: <MailIcon /> })
  items.push({ to: '/tokens', label: 'API tokens', icon: <KeyIcon /> })
  if (can(user, 'webhooks:manage')) items.push({ to: '/webhooks', label: 'Webhooks', icon: <WebhookIcon /> })
  return items
}

function UserMenu({ user }: { user: Me }) {
  const logout = useLogout()
  const navigate = useNavigate()
  const initials = user.name
    .split(/\s+/)
    .map((w) => w[0])
    .slice(0, 2)
    .join('')
    .toUpperCase()
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu">
          <Group gap="xs">
            <Avatar radius="xl" size="sm" color="indigo">
              {initials}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} lh={1.1} truncate="end" maw={{ base: 120, sm: 240 }}>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.1} truncate="end" maw={{ base: 120, sm: 240 }}>
                {roleLabels[user.role]}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/tokens">
          API tokens
        </Menu.Item>
        <Menu.Item component={Link} to="/notifications/preferences">
          Notification preferences
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void logout().then(() => navigate('/login'))}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

/** What waits on each list page, from the worklist: the count shown beside its navigation link. */
function useWaiting(): Map<string, { count: number; more: boolean }> {
  const waiting = new Map<string, { count: number; more: boolean }>()
  for (const g of useWorklist().data ?? []) {
    const seen = waiting.get(g.href) ?? { count: 0, more: false }
    // Assigned inquiries are also counted among the new ones where both apply: show the larger, not the sum.
    waiting.set(g.href, g.kind === 'myInquiries' ? seen : { count: seen.count + g.count, more: seen.more || g.more })
  }
  return waiting
}

function MainNav({ user, pathname, onNavigate }: { user: Me; pathname: string; onNavigate: () => void }) {
  const offered = useOffered(user)
  const waiting = useWaiting()
  return navFor(user, offered).map((item) => {
    if (item.children)
      return (
        <NavLink
          key={item.to}
          component="button"
          type="button"
          label={item.label}
          leftSection={item.icon}
          defaultOpened={pathname === item.to || pathname.startsWith(`${item.to}/`)}
        >
          {item.children.map((c) => (
            <NavLink key={c.to} component={Link} to={c.to} label={c.label} active={pathname === c.to} onClick={onNavigate} />
          ))}
        </NavLink>
      )
    const w = waiting.get(item.to)
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        leftSection={item.icon}
        rightSection={
          w && w.count > 0 ? (
            <Badge size="sm" circle={w.count < 10 && !w.more} aria-label={`${countLabel(w)} waiting`}>
              {countLabel(w)}
            </Badge>
          ) : undefined
        }
        active={item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`)}
        onClick={onNavigate}
      />
    )
  })
}

/** The authenticated frame: header, role-based navigation, and the page. Sends visitors without a session to /login. */
export function AppLayout() {
  const me = useMe()
  const location = useLocation()
  const [opened, { toggle, close }] = useDisclosure()
  if (me.isPending) return <PageLoader />
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
  const user = me.data
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={800} size="lg" c="indigo" component={Link} to="/">
              Alliance
            </Text>
            <Badge variant="light" color="gray" visibleFrom="sm">
              Partner relationship management
            </Badge>
          </Group>
          <Group gap="md">
            <NotificationBell />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <MainNav user={user} pathname={location.pathname} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      {/* Toasts live in the signed-in frame, so the public pages do not load them; shown ones wait in their store. */}
      <Notifications position="top-right" />
    </AppShell>
  )
}
