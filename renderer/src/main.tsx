import '@mantine/core/styles.css';
import { Badge, MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import 'dayjs/locale/de';
import { useTranslation } from 'react-i18next';
import { i18n } from './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { PrintInLight } from './components/ColorSchemeToggle';
import { AuthGate } from './auth/AuthGate';
import { LongWorkProvider } from './components/LongWork';
import { PortalApp } from './portal/PortalApp';
import { PrintPage } from './print/PrintPage';
import { SeatGate } from './seat/SeatGate';
import { parseHash, useRoute } from './router';
import { sendEarlyCalls } from './earlyCalls';

/**
 * A badge keeps its whole word: Mantine's badge may shrink below its text (an ellipsis), so in a table column sized by
 * its content the status read "ENABL…" / "PEN…". With its text as its minimum width the column makes room instead.
 */
const components = { Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }) };
const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md', components });
/** The customer portal ("Login as customer") looks different on purpose: it is not the back office. */
const portalTheme = createTheme({ primaryColor: 'teal', defaultRadius: 'md', components });

/**
 * `#/portal…` is the customer portal (its own shell, calls run as the portal session's customer); `#/print/…` one
 * document alone, for PDF files (staff only, no shell); the rest is the back office.
 */
function Root() {
  const route = useRoute();
  const portal = route.segments[0] === 'portal';
  const print = route.segments[0] === 'print';
  // re-renders when the language changes: the calendars' month and day names follow it (dayjs locales)
  const { i18n: current } = useTranslation(undefined, { i18n });
  return (
    // 'auto' follows the system until staff choose light or dark (header toggle, kept in localStorage); a document
    // printed to PDF is always light.
    <MantineProvider theme={portal ? portalTheme : theme} defaultColorScheme="auto" forceColorScheme={print ? 'light' : undefined}>
      <DatesProvider settings={{ locale: current.language, firstDayOfWeek: 1 }}>
      <ModalsProvider>
        <PrintInLight />
        {portal ? (
          <PortalApp />
        ) : print ? (
          <AuthGate>
            <PrintPage route={route} />
          </AuthGate>
        ) : (
          <SeatGate>
            <LongWorkProvider>
              <AuthGate>
                <App />
              </AuthGate>
            </LongWorkProvider>
          </SeatGate>
        )}
      </ModalsProvider>
      </DatesProvider>
    </MantineProvider>
  );
}

// The back office's first calls leave with the seat question (a portal tab and a printed document ask their own).
if (!['portal', 'print'].includes(parseHash(window.location.hash).segments[0] ?? '')) sendEarlyCalls();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
