import '@mantine/core/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthGate } from './auth/AuthGate';
import { PortalApp } from './portal/PortalApp';
import { useRoute } from './router';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });
/** The customer portal ("Login as customer") looks different on purpose: it is not the back office. */
const portalTheme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });

/** `#/portal…` is the customer portal (its own shell, calls run as the portal session's customer); the rest is the back office. */
function Root() {
  const portal = useRoute().segments[0] === 'portal';
  return (
    <MantineProvider theme={portal ? portalTheme : theme} defaultColorScheme="light">
      {portal ? (
        <PortalApp />
      ) : (
        <AuthGate>
          <App />
        </AuthGate>
      )}
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
