import type { ServiceKind } from '../../../main/contract';
import { useQuery } from './useApi';

// Small reference lists used by selects (partners, plans, routers, pools). All are bounded lists.

export function usePartners() {
  return useQuery('partners.list', {});
}

export function usePlans(kind: ServiceKind | null, includeDisabled = true) {
  return useQuery('plans.list', { kind, includeDisabled });
}

export function useRouters() {
  return useQuery('routers.list', {});
}

export function useNetworks() {
  return useQuery('ipv4.networks', {});
}

export function usePools() {
  return useQuery('ipv4.pools', {});
}
