/**
 * An English catalogue part whose keys are their own English text: `same('Customers', 'New customer')` is
 * `{ Customers: 'Customers', 'New customer': 'New customer' }`, with each key kept as a literal type, so
 * `t('Customers')` type-checks and `t('Custmers')` does not. Keys that need another English text (plurals,
 * `{{count}} customers_one`) are written out beside it.
 */
export function same<const K extends string>(...keys: K[]): { readonly [P in K]: P } {
  return Object.fromEntries(keys.map((k) => [k, k])) as { readonly [P in K]: P };
}
