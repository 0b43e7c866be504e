import type { ChannelName, OutputOf, ParsedInputOf } from '../contract';
import type { AppContext } from './context';
import { authHandlers } from './auth';
import { backupHandlers } from './backup';
import { configHandlers } from './config';
import { customerHandlers } from './customers';
import { demoHandlers } from './demo';
import { documentHandlers } from './documents';
import { importHandlers } from './imports';
import { ledgerHandlers } from './financeLedger';
import { billingHandlers, changePlanHandlers, dayHandlers } from './moneyHandlers';
import { bulkHandlers } from './bulk';
import { networkHandlers } from './network';
import { planHandlers } from './plans';
import { portalHandlers } from './portal';
import { searchHandlers } from './search';
import { serviceHandlers } from './services';
import { sessionHandlers } from './sessions';
import { systemHandlers } from './system';
import { ticketHandlers } from './tickets';

export type Handler<C extends ChannelName> = (ctx: AppContext, input: ParsedInputOf<C>) => OutputOf<C>;
export type Handlers<C extends ChannelName> = { [K in C]: Handler<K> };

// One handler per channel, merged from the areas; the type makes a missing handler a compile error.
export const handlers: Handlers<ChannelName> = {
  ...systemHandlers,
  ...authHandlers,
  ...demoHandlers,
  ...customerHandlers,
  ...configHandlers,
  ...planHandlers,
  ...serviceHandlers,
  ...sessionHandlers,
  ...billingHandlers,
  ...documentHandlers,
  ...changePlanHandlers,
  ...bulkHandlers,
  ...dayHandlers,
  ...ticketHandlers,
  ...backupHandlers,
  ...portalHandlers,
  ...networkHandlers,
  ...importHandlers,
  ...ledgerHandlers,
  ...searchHandlers,
};
