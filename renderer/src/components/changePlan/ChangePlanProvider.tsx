import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { ServiceRow } from '../../../../main/contract/services';
import { ChangePlanDialog } from './ChangePlanDialog';

// The change-plan dialog lives above the pages: any screen that lists services opens it with `useChangePlan()`.
// After an apply the page on screen shows the result by push (services table: old service with its end date, new one
// Pending; Billing tab: the credit note and the invoice).

const ChangePlanContext = createContext<(service: ServiceRow) => void>(() => {});

export function ChangePlanProvider({ children }: { children: ReactNode }) {
  const [service, setService] = useState<ServiceRow | null>(null);
  const open = useCallback((s: ServiceRow) => setService(s), []);
  return (
    <ChangePlanContext.Provider value={open}>
      {children}
      {service && (
        <ChangePlanDialog
          key={service.id}
          service={service}
          onClose={() => setService(null)}
          onApplied={() => setService(null)}
        />
      )}
    </ChangePlanContext.Provider>
  );
}

/** Opens the change-plan dialog for a service. */
export function useChangePlan(): (service: ServiceRow) => void {
  return useContext(ChangePlanContext);
}
