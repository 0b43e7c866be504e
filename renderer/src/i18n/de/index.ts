import type { en } from '../en';
import { billing } from './billing';
import { changePlan } from './changePlan';
import { common } from './common';
import { config } from './config';
import { customers } from './customers';
import { office } from './office';
import { plans } from './plans';
import { portal } from './portal';
import { seat } from './seat';
import { shell } from './shell';
import { tickets } from './tickets';
import { tools } from './tools';

/** German: every key of the English catalogue (a missing one fails the type-check). */
export const de: Record<keyof typeof en, string> = {
  ...billing,
  ...changePlan,
  ...common,
  ...config,
  ...customers,
  ...office,
  ...plans,
  ...portal,
  ...seat,
  ...shell,
  ...tickets,
  ...tools,
};
