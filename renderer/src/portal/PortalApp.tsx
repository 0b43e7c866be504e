import { applyDisplay, formatDate } from '../format';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import 'mantine-datatable/styles.css';
import { AppShell, Box, Burger, Button, Center, Group, Loader, NavLink, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCash, IconChartArea, IconHome, IconId, IconLogout, IconServer, IconTicket, IconUserCircle } from '@tabler/icons-react';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { PortalSession } from '../../../main/contract/portal';
import { ErrorAlert } from '../components/common';
import { useQuery } from '../hooks/useApi';
import { navigate, useRoute, type Route } from '../router';
import { api } from '../transport';
import { PortalDashboardPage } from './PortalDashboard';
import { PortalFinancePage } from './PortalFinance';
import { PortalProfilePage } from './PortalProfile';
import { PortalServicesPage } from './PortalServices';
import { PortalStatisticsPage } from './PortalStatistics';
import { PortalTicketsPage } from './PortalTickets';
import { currentLanguage, setLanguage, t, tk, type CatalogueKey } from '../i18n';

// The customer portal ("Login as customer", splynx-rules §8.2): its own shell, visibly not the back office —
// teal header "Customer portal", the customer's name, and a yellow banner saying it is a simulation opened by
// a staff member. Routes live under #/portal/…; every call runs as the session's customer (transport.ts sends
// the tab's token in browser mode; Electron binds the window in main).

interface PortalState {
  session: PortalSession;
  reloadSession: () => void;
}

const PortalContext = createContext<PortalState | null>(null);

export function usePortal(): PortalState {
  const s = useContext(PortalContext);
  if (!s) throw new Error('usePortal outside the portal shell');
  return s;
}

type PortalPage = 'dashboard' | 'services' | 'statistics' | 'finance' | 'tickets' | 'profile';

const MENU: { page: PortalPage; label: CatalogueKey; icon: ReactNode }[] = [
  { page: 'dashboard', label: 'Dashboard', icon: <IconHome size={18} stroke={1.6} /> },
  { page: 'services', label: 'Services', icon: <IconServer size={18} stroke={1.6} /> },
  { page: 'statistics', label: 'Statistics', icon: <IconChartArea size={18} stroke={1.6} /> },
  { page: 'finance', label: 'Finance', icon: <IconCash size={18} stroke={1.6} /> },
  { page: 'tickets', label: 'Tickets', icon: <IconTicket size={18} stroke={1.6} /> },
  { page: 'profile', label: 'Profile', icon: <IconId size={18} stroke={1.6} /> },
];

export function portalPath(page: PortalPage | string, ...rest: (string | number)[]): string {
  return ['/portal', ...(page === 'dashboard' ? [] : [page]), ...rest.map(String)].join('/');
}

function pageOf(route: Route, session: PortalSession): PortalPage {
  const p = route.segments[1];
  const page = MENU.find((m) => m.page === p)?.page;
  return page && page !== 'dashboard' && session.menu[page] ? page : 'dashboard';
}

export function SimulationBanner({ openedBy }: { openedBy: string }) {
  return (
    <Box bg="yellow.3" px="md" py={4} role="status" data-testid="simulation-banner">
      <Group gap={6} justify="center" wrap="nowrap">
        <IconAlertTriangle size={16} />
        <Text size="sm" fw={600} c="dark.8">
          {t('Simulation — opened by {{name}} from the back office', { name: openedBy })}
        </Text>
      </Group>
    </Box>
  );
}

function Shell({ session, reloadSession, onLeave }: PortalState & { onLeave: () => void }) {
  const route = useRoute();
  const [opened, { toggle }] = useDisclosure();
  const page = pageOf(route, session);

  useEffect(() => {
    document.title = t('Customer portal — {{name}}', { name: session.customerName });
  }, [session.customerName]);

  return (
    <PortalContext.Provider value={{ session, reloadSession }}>
      <AppShell header={{ height: 88 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md" data-portal="true">
        <AppShell.Header withBorder={false}>
          <SimulationBanner openedBy={session.openedBy} />
          <Group h={58} px="md" justify="space-between" bg="teal.7" c="white" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label={t('Toggle navigation')} />
              <ThemeIcon variant="white" color="teal" size="lg" radius="xl">
                <IconUserCircle size={22} />
              </ThemeIcon>
              <div>
                <Title order={4} c="white" lh={1.1}>
                  {t('Customer portal')}
                </Title>
                <Text size="xs" c="teal.0">
                  {session.partnerName}
                </Text>
              </div>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <div style={{ textAlign: 'right' }}>
                <Text fw={600} size="sm" data-testid="portal-customer-name">
                  {session.customerName}
                </Text>
                <Text size="xs" c="teal.0">
                  {session.customerLogin ? `${t('Login')}: ${session.customerLogin} · ` : ''}
                  {t('Today {{date}}', { date: formatDate(session.businessDate) })}
                </Text>
              </div>
              <Button size="xs" variant="white" color="teal" leftSection={<IconLogout size={14} />} onClick={onLeave}>
                {t('Leave')}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label={t('Portal navigation')} bg="teal.0">
          {MENU.filter((m) => m.page === 'dashboard' || session.menu[m.page]).map((m) => (
            <NavLink
              key={m.page}
              href={`#${portalPath(m.page)}`}
              label={tk(m.label)}
              leftSection={m.icon}
              color="teal"
              variant="filled"
              active={m.page === page}
              aria-current={m.page === page ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(portalPath(m.page));
              }}
            />
          ))}
        </AppShell.Navbar>
        <AppShell.Main bg="gray.0">
          {page === 'dashboard' && <PortalDashboardPage />}
          {page === 'services' && <PortalServicesPage />}
          {page === 'statistics' && <PortalStatisticsPage />}
          {page === 'finance' && <PortalFinancePage />}
          {page === 'tickets' && <PortalTicketsPage ticketId={route.segments[2] && /^\d+$/.test(route.segments[2]) ? Number(route.segments[2]) : null} />}
          {page === 'profile' && <PortalProfilePage />}
        </AppShell.Main>
      </AppShell>
    </PortalContext.Provider>
  );
}

/** After "Leave": the session is ended in main (its token reaches nothing any more) and the window closes if it may. */
function LeftPortal() {
  return (
    <Center h="100vh">
      <Stack w={460} data-testid="portal-left">
        <Title order={3}>{t('You have left the customer portal')}</Title>
        <Text size="sm">{t('The portal session has ended: this window or tab can be closed.')}</Text>
        <Text size="sm" c="dimmed">
          {t('Open the portal again from the back office: customer → Actions → Login as customer.')}
        </Text>
      </Stack>
    </Center>
  );
}

export function PortalApp() {
  const session = useQuery('portal.session', {});
  const [left, setLeft] = useState(false);
  const leave = async () => {
    await api.call('portal.signOut', {});
    setLeft(true);
    window.close(); // closes a window or tab the back office opened; elsewhere the page says the session ended
  };
  if (left) return <LeftPortal />;
  // Amounts look as they do in the back office (formatMoney reads these before anything below renders).
  if (session.data) applyDisplay(session.data.display);
  // The portal speaks the customer's language, whoever opened it (resources are bundled: the switch is immediate).
  if (session.data && currentLanguage() !== session.data.language) void setLanguage(session.data.language);
  return (
    <>
      <Notifications position="bottom-right" />
      {session.data ? (
        <Shell key={session.data.language} session={session.data} reloadSession={session.reload} onLeave={() => void leave()} />
      ) : session.error ? (
        <Center h="100vh">
          <Stack w={460}>
            <Title order={3}>{t('Customer portal')}</Title>
            <ErrorAlert error={session.error} title={t('The portal session is not available')} />
            <Text size="sm" c="dimmed">
              {t('Open the portal again from the back office: customer → Actions → Login as customer.')}
            </Text>
          </Stack>
        </Center>
      ) : (
        <Center h="100vh">
          <Loader color="teal" />
        </Center>
      )}
    </>
  );
}
