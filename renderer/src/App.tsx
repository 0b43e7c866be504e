import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import 'mantine-datatable/styles.css';
import { ActionIcon, AppShell, Badge, Burger, Group, NavLink, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { IconAddressBook, IconArrowsExchange, IconCash, IconKeyboard, IconListDetails, IconSettings, IconTicket, IconWifi } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { ChangePlanProvider, useChangePlan } from './components/changePlan/ChangePlanProvider';
import { StaffMenu } from './auth/StaffMenu';
import { BusinessClock } from './components/clock/BusinessClock';
import { ConfigPage } from './pages/config/ConfigPage';
import { CustomerProfile } from './pages/customers/CustomerProfile';
import { CustomersList } from './pages/customers/CustomersList';
import { FinancePage } from './pages/finance/FinancePage';
import { PendingChangesPage } from './pages/PendingChangesPage';
import { PlansPage } from './pages/plans/PlansPage';
import { TicketsPage } from './pages/tickets/TicketsPage';
import { ShellProvider, useShell } from './hooks/businessDate';
import { navigate, useRoute, type Route } from './router';
import { ReadOnlyBadge } from './components/ReadOnlyBadge';
import { ColorSchemeToggle } from './components/ColorSchemeToggle';
import { GlobalSearch } from './components/search/GlobalSearch';
import { KeyboardShortcuts } from './components/search/KeyboardShortcuts';
import { t, tk, type CatalogueKey } from './i18n';

// The application shell: header (business date from days.status), navigation, and one page at a time chosen by
// the URL hash (#/customers/12/services …), so a reload stays on the same page in Electron (file://) and in the
// browser harness alike. Every call to main goes through ./transport (IPC or HTTP).

interface Page {
  path: string;
  /** a catalogue key: translated when the navigation is drawn */
  label: CatalogueKey;
  icon: ReactNode;
}

export const PAGES: Page[] = [
  { path: 'customers', label: 'Customers', icon: <IconAddressBook size={18} stroke={1.6} /> },
  { path: 'plans', label: 'Tariff plans', icon: <IconListDetails size={18} stroke={1.6} /> },
  { path: 'tickets', label: 'Tickets', icon: <IconTicket size={18} stroke={1.6} /> },
  { path: 'changes', label: 'Plan changes', icon: <IconArrowsExchange size={18} stroke={1.6} /> },
  { path: 'finance', label: 'Finance', icon: <IconCash size={18} stroke={1.6} /> },
  { path: 'config', label: 'Config', icon: <IconSettings size={18} stroke={1.6} /> },
];

function PageFor({ route }: { route: Route }) {
  const [area, a, b] = route.segments;
  const onChangePlan = useChangePlan();
  switch (area) {
    case 'changes':
      return <PendingChangesPage />;
    case 'plans':
      return <PlansPage kind={a} />;
    case 'tickets':
      return <TicketsPage />;
    case 'finance':
      return <FinancePage what={a} />;
    case 'config':
      return <ConfigPage section={a} />;
    case 'customers':
    default:
      if (area === 'customers' && a && /^\d+$/.test(a)) return <CustomerProfile key={a} customerId={Number(a)} tab={b} onChangePlan={onChangePlan} />;
      return <CustomersList />;
  }
}

function Header({ opened, toggle, openHelp }: { opened: boolean; toggle: () => void; openHelp: () => void }) {
  const { clock, error } = useShell();
  return (
    <Group h="100%" px="md" justify="space-between">
      <Group gap="xs">
        <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('Toggle navigation')} />
        <IconWifi size={22} stroke={1.8} />
        <Title order={4}>{t('ISP Back Office')}</Title>
        {clock?.demo && <Badge color="orange">{t('Demo database')}</Badge>}
        <ReadOnlyBadge />
      </Group>
      <Group gap={6}>
        {error && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
        <GlobalSearch />
        <BusinessClock />
        <Tooltip label={t('Keyboard shortcuts (?)')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('Keyboard shortcuts')} onClick={openHelp}>
            <IconKeyboard size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
        <ColorSchemeToggle />
        <StaffMenu />
      </Group>
    </Group>
  );
}

function Shell() {
  const [opened, { toggle }] = useDisclosure();
  const help = useDisclosure();
  const route = useRoute();
  const area = PAGES.some((p) => p.path === route.segments[0]) ? route.segments[0] : 'customers';
  // Writes reach the page by push (useQuery refetches by area). A new business date (midnight, the training clock)
  // remounts it, so the date defaults of its forms and ranges start from the new day.
  // Amounts are formatted when a page renders, with the display settings AuthGate applied from auth.status.
  const { clock } = useShell();
  const firstDate = useRef<string | null>(null);
  if (clock && firstDate.current === null) firstDate.current = clock.businessDate;
  const pageKey = clock && clock.businessDate !== firstDate.current ? clock.businessDate : '';
  // Below 1200 px the navigation is a rail of icons (names on hover and for screen readers): at 1024 px the lists
  // need the 144 px for their columns.
  const wideNav = useMediaQuery('(min-width: 75em)', true);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: wideNav ? 200 : 56, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Header opened={opened} toggle={toggle} openHelp={help[1].open} />
        <KeyboardShortcuts help={help} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('Main navigation')}>
        {PAGES.map((p) => {
          const link = (
            <NavLink
              key={p.path}
              href={`#/${p.path}`}
              label={wideNav ? tk(p.label) : undefined}
              aria-label={tk(p.label)}
              leftSection={p.icon}
              active={p.path === area}
              aria-current={p.path === area ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/${p.path}`);
              }}
            />
          );
          return wideNav ? (
            link
          ) : (
            <Tooltip key={p.path} label={tk(p.label)} position="right" withArrow>
              {link}
            </Tooltip>
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <PageFor key={pageKey} route={route} />
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  return (
    <ShellProvider>
      <ChangePlanProvider>
        <Notifications position="bottom-right" />
        <Shell />
      </ChangePlanProvider>
    </ShellProvider>
  );
}

