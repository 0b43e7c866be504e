import { formatMoney, labels } from '../../format';

// How the change-plan settings that produced a quote are named and shown (the same words as Config → Settings).

export const CHANGE_PLAN_SETTING_LABEL: Record<string, string> = labels({
  'changePlan.refund': 'Plan change refund',
  'changePlan.feeMoreExpensive': 'Fee, more expensive plan',
  'changePlan.feeLessExpensive': 'Fee, less expensive plan',
  'changePlan.invoice': 'Invoice after change',
  'changePlan.minimumInvoice': 'Minimum invoice amount',
});

const VALUE_LABEL: Record<string, string> = labels({
  unused: 'Refund unused money',
  none: 'None',
  nextCycle: 'During next billing cycle',
  endOfActiveMonth: 'Immediately till end of active month',
  endOfNextMonth: 'Immediately till end of next month',
});

export function settingValueText(key: string, value: unknown): string {
  if (typeof value === 'number' && /fee|minimum/i.test(key)) return formatMoney(value);
  if (typeof value === 'string') return VALUE_LABEL[value] ?? value;
  return JSON.stringify(value);
}

export const ORIGIN_LABEL: Record<string, string> = labels({
  partner: 'this customer\'s partner',
  default: 'Default partner',
  builtin: 'built-in default',
});

/** A balance with its sign, as staff read it: "+8.71" (money with us), "-91.29" (owed), "0.00". */
export function signedMoney(cents: number): string {
  return cents > 0 ? `+${formatMoney(cents)}` : formatMoney(cents);
}
