import { describe, expect, test } from 'vitest';
import { radiusdConf } from '../../main/radius/config';

// The generated FreeRADIUS configuration gives every worker thread an SQL connection of its own, opened at start:
// FreeRADIUS 3's pool refuses a thread at once when every connection is taken, and that refusal is an Access-Reject
// (a storm with 2 connections gave 318 false rejects). The reconnect-storm test in radius-server.test.ts holds the
// real server to it; this one keeps the numbers in step whatever the machine's core count.

const conf = radiusdConf({ dbFile: '/srv/isp/isp.sqlite', port: 1812, listen: '*' }, '/etc/isp-radius');

/** The text of the block `header {` … its matching `}`, searched from `within`. */
function block(within: string, header: string): string {
  const at = within.indexOf(`${header} {`);
  if (at < 0) throw new Error(`no ${header} block`);
  let depth = 0;
  for (let i = within.indexOf('{', at); i < within.length; i++) {
    if (within[i] === '{') depth++;
    if (within[i] === '}' && --depth === 0) return within.slice(at, i + 1);
  }
  throw new Error(`${header} is not closed`);
}
const setting = (text: string, key: string) => Number(new RegExp(`^\\s*${key} = (\\d+)$`, 'm').exec(text)?.[1]);

describe('radiusd.conf threads and SQL connections', () => {
  const threads = block(conf, 'thread pool');
  const maxThreads = setting(threads, 'max_servers');

  test('the threads are all started at once', () => {
    expect(maxThreads).toBeGreaterThanOrEqual(4);
    expect(setting(threads, 'start_servers')).toBe(maxThreads);
  });

  test.each(['sql', 'sql sql_accounting'])('%s holds a connection for every thread, all opened at start', (name) => {
    const pool = block(block(conf, name), 'pool');
    expect(setting(pool, 'max')).toBeGreaterThanOrEqual(maxThreads);
    expect(setting(pool, 'start')).toBe(setting(pool, 'max'));
    expect(setting(pool, 'min')).toBe(setting(pool, 'max'));
  });
});
