// The billing engine: pure functions of dates (YYYY-MM-DD strings) and money (integer cents). No clock, no
// database, no I/O — main, the renderer and the tests import the same code.
export * from './types';
export * from './money';
export * from './dates';
export * from './periods';
export * from './proration';
export * from './invoicing';
export * from './allocation';
export * from './dunning';
export * from './statuses';
export * from './changePlan';
export * from './fingerprint';
export * from './serviceDays';
