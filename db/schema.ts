// The whole database schema (drizzle). drizzle-kit reads this file to generate db/migrations; the
// application imports it for typed queries. One file per area under db/tables/.
export * from './tables/partners';
export * from './tables/plans';
export * from './tables/customers';
export * from './tables/network';
export * from './tables/services';
export * from './tables/billing';
export * from './tables/changes';
export * from './tables/tickets';
export * from './tables/staff';
export * from './tables/sessions';
export * from './tables/imports';
