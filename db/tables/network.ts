import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { IPV4_NETWORK_KINDS } from '../enums';
import { oneOf } from './sql';

/** Routers (NAS) a service can be attached to. */
export const routers = sqliteTable('routers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  /** Management IP or host name. */
  address: text('address').notNull().default(''),
  description: text('description').notNull().default(''),
});

/** IPv4 networks of the IP manager; a network serves one assignment method (permanent or dynamic). */
export const ipv4Networks = sqliteTable(
  'ipv4_networks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** CIDR, e.g. 10.0.0.0/24. */
    network: text('network').notNull().unique(),
    kind: text('kind', { enum: IPV4_NETWORK_KINDS }).notNull(),
    title: text('title').notNull().default(''),
  },
  (t) => [check('ipv4_networks_kind', oneOf(t.kind, IPV4_NETWORK_KINDS)), check('ipv4_networks_cidr', sql`${t.network} LIKE '%/%'`)],
);

/** Pools inside a dynamic network, chosen by Dynamic IP services ("Any" = no pool). */
export const ipv4Pools = sqliteTable(
  'ipv4_pools',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    networkId: integer('network_id')
      .notNull()
      .references(() => ipv4Networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First and last address of the range, e.g. 10.0.0.10 – 10.0.0.200. */
    rangeFrom: text('range_from').notNull(),
    rangeTo: text('range_to').notNull(),
  },
  // The unique index also serves the foreign key (network_id is its first column).
  (t) => [uniqueIndex('ipv4_pools_network_name_unique').on(t.networkId, t.name)],
);
