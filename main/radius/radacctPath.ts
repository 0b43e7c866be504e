/**
 * Where the RADIUS server started by `npm run radius` (and the configuration of `cli radius-config`) records
 * accounting: FreeRADIUS's own stock SQLite `radacct` schema, in its own file beside the ISP's database, so the
 * server never writes into our tables and the app imports from it (idempotently, keyed by the session's unique id).
 */
export function radacctFileFor(dbFile: string): string {
  return `${dbFile}.radacct.sqlite`;
}
