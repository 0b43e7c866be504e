import { contract, type ChannelName, type OutputOf, type ParsedInputOf } from '../contract';
import { AppError } from '../contract/errors';
import type { AppContext } from './context';
import { authHandlers } from './auth';
import { backupHandlers } from './backup';
import { configHandlers } from './config';
import { customerHandlers } from './customers';
import { demoHandlers } from './demo';
import { billingHandlers, changePlanHandlers, dayHandlers } from './moneyHandlers';
import { bulkHandlers } from './bulk';
import { planHandlers } from './plans';
import { portalHandlers } from './portal';
import { serviceHandlers } from './services';
import { systemHandlers } from './system';
import { ticketHandlers } from './tickets';

export type Handler<C extends ChannelName> = (ctx: AppContext, input: ParsedInputOf<C>) => OutputOf<C>;
export type Handlers<C extends ChannelName> = { [K in C]: Handler<K> };

const implemented: Partial<Handlers<ChannelName>> = {
  ...systemHandlers,
  ...authHandlers,
  ...demoHandlers,
  ...customerHandlers,
  ...configHandlers,
  ...planHandlers,
  ...serviceHandlers,
  ...billingHandlers,
  ...changePlanHandlers,
  ...bulkHandlers,
  ...dayHandlers,
  ...ticketHandlers,
  ...backupHandlers,
  ...portalHandlers,
};

// TEMPORARY while the areas are being built: a channel without a handler answers NOT_SUPPORTED.
// Once every area is in, `implemented` becomes `Handlers<ChannelName>` and a missing handler is a compile error.
export const handlers = Object.fromEntries(
  (Object.keys(contract) as ChannelName[]).map((name) => [
    name,
    implemented[name] ??
      (() => {
        throw new AppError('NOT_SUPPORTED', `${name} is not supported yet`);
      }),
  ]),
) as Handlers<ChannelName>;
