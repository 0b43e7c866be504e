import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A minimal real FreeRADIUS that only records accounting, for the import's tests until `npm run radius` (issue 16)
// is on this branch: Debian's /usr/sbin/freeradius with the stock sql module queries (queries.conf) and schema
// (schema.sql, bootstrapped into the radacct file) and the stock acct_unique policy — exactly what writes radacct
// in the generated configuration — listening for Accounting-Request on a random port of 127.0.0.1.

export const FREERADIUS = '/usr/sbin/freeradius';
const RADDB = '/etc/freeradius/3.0';

/** Why the real server cannot run here, or null when it can. */
export function freeradiusMissing(): string | null {
  if (!existsSync(FREERADIUS)) return `${FREERADIUS} is not installed (apt-get install freeradius)`;
  if (spawnSync('radclient', ['-h'], { encoding: 'utf8' }).error) return 'radclient is not installed (apt-get install freeradius-utils)';
  if (!existsSync(join(RADDB, 'mods-config/sql/main/sqlite/queries.conf'))) return `the stock sql queries are missing under ${RADDB}`;
  return null;
}

async function freeUdpPort(): Promise<number> {
  // A free TCP port is very likely free for UDP too; FreeRADIUS fails loudly if not, and the test says so.
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function config(dir: string, radacctFile: string, port: number, secret: string): string {
  return `prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
confdir = ${dir}
raddbdir = ${dir}
logdir = ${dir}/log
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
modconfdir = ${RADDB}/mods-config
pidfile = ${dir}/run/radiusd.pid
name = freeradius
max_request_time = 30
cleanup_delay = 5
max_requests = 16384
hostname_lookups = no
log {
  destination = stdout
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 2
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 4
  max_requests_per_server = 0
}
policy {
  $INCLUDE ${RADDB}/policy.d/accounting
}
client localhost {
  ipaddr = 127.0.0.1
  secret = ${secret}
}
modules {
  expr {
  }
  sql {
    driver = "rlm_sql_sqlite"
    dialect = "sqlite"
    sqlite {
      filename = "${radacctFile}"
      busy_timeout = 5000
      bootstrap = "${RADDB}/mods-config/sql/main/sqlite/schema.sql"
    }
    acct_table1 = "radacct"
    acct_table2 = "radacct"
    postauth_table = "radpostauth"
    authcheck_table = "radcheck"
    groupcheck_table = "radgroupcheck"
    authreply_table = "radreply"
    groupreply_table = "radgroupreply"
    usergroup_table = "radusergroup"
    read_groups = no
    delete_stale_sessions = no
    read_clients = no
    client_table = "nas"
    group_attribute = "SQL-Group"
    pool {
      start = 1
      min = 1
      max = 4
      spare = 1
      uses = 0
      lifetime = 0
      idle_timeout = 0
    }
    $INCLUDE ${RADDB}/mods-config/sql/main/sqlite/queries.conf
  }
}
server default {
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${port}
  }
  preacct {
    acct_unique
  }
  accounting {
    sql
  }
}
`;
}

export interface AccountingRadius {
  port: number;
  secret: string;
  /** sends one Accounting-Request (attributes "Name = value") with radclient and waits for the server's answer */
  send(attributes: Record<string, string | number>): void;
  stop(): Promise<void>;
}

export async function startAccountingRadius(radacctFile: string, secret = 'testing123'): Promise<AccountingRadius> {
  const dir = mkdtempSync(join(tmpdir(), 'isp-acct-radius-'));
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'log'));
  const port = await freeUdpPort();
  writeFileSync(join(dir, 'dictionary'), '$INCLUDE /usr/share/freeradius/dictionary\n');
  writeFileSync(join(dir, 'radiusd.conf'), config(dir, radacctFile, port, secret));
  // Its log goes to a file, not a pipe: radclient runs synchronously, and a pipe nobody drains meanwhile would
  // fill up and stop the server mid-request.
  const logFile = join(dir, 'log', 'radiusd.out');
  const logFd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(FREERADIUS, ['-X', '-d', dir], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const output = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  for (let waited = 0; !output().includes('Ready to process requests'); waited += 100) {
    if (child.exitCode !== null || waited > 20_000) {
      child.kill('SIGTERM');
      throw new Error(`FreeRADIUS did not start (exit ${child.exitCode}):\n${output().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    secret,
    send(attributes) {
      const input = Object.entries(attributes)
        .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `"${v}"`}`)
        .join('\n');
      const r = spawnSync('radclient', ['-r', '3', '-t', '5', `127.0.0.1:${port}`, 'acct', secret], { input, encoding: 'utf8' });
      if (r.status !== 0 || !r.stdout.includes('Accounting-Response')) throw new Error(`radclient failed: ${r.stdout}${r.stderr}\n${output().slice(-2000)}`);
    },
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) {
          rmSync(dir, { recursive: true, force: true });
          return ok();
        }
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          ok();
        });
        child.kill('SIGTERM');
      }),
  };
}
