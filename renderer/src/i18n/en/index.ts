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

/** The English catalogue: every area's keys (each key is its English text). */
export const en = {
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
} as const;
