import type { OnlineService } from '../../../../main/contract/sessions';
import { OnlineBadge } from './OnlineBadge';

/** The Online badge of one service, from the customer's open sessions (sessions.onlineForCustomer, read once per tab). */
export function ServiceOnline({ serviceId, online }: { serviceId: number; online: OnlineService[] | undefined }) {
  const session = online?.find((o) => o.serviceId === serviceId);
  return session ? <OnlineBadge session={session} /> : null;
}
