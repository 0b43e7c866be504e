import type { z } from 'zod';
import type { Channel } from './channel';
import { authChannels } from './auth';
import { backupChannels } from './backup';
import { billingChannels } from './billing';
import { bulkChannels } from './bulk';
import { changePlanChannels } from './changePlan';
import { configChannels } from './config';
import { customerChannels } from './customers';
import { dayChannels } from './days';
import { documentChannels } from './documents';
import { demoChannels } from './demo';
import { importChannels } from './imports';
import { ledgerChannels } from './ledger';
import { networkChannels } from './network';
import { planChannels } from './plans';
import { portalChannels } from './portal';
import { searchChannels } from './search';
import { serviceChannels } from './services';
import { sessionChannels } from './sessions';
import { systemChannels } from './system';
import { ticketsChannels } from './tickets';

// Every channel of the product, by area. main implements them (main/app/handlers.ts must cover each one),
// preload forwards them, the renderer calls them — all typed from this one object.
export const contract = {
  ...systemChannels,
  ...authChannels,
  ...demoChannels,
  ...customerChannels,
  ...configChannels,
  ...planChannels,
  ...serviceChannels,
  ...sessionChannels,
  ...billingChannels,
  ...documentChannels,
  ...changePlanChannels,
  ...bulkChannels,
  ...dayChannels,
  ...ticketsChannels,
  ...backupChannels,
  ...portalChannels,
  ...networkChannels,
  ...importChannels,
  ...ledgerChannels,
  ...searchChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C] extends Channel<z.ZodType, infer O> ? O : never;

export * from './errors';
export * from './common';
