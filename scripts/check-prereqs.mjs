#!/usr/bin/env node
// The system programs the tests need and npm cannot install: Debian's Chromium (Playwright drives it; its own
// browser download is never used) and FreeRADIUS with radclient (the network tests run the real server).
// `npm test` runs this first, so a machine without them stops at once with one line saying what to install,
// instead of failing minutes later in a stack trace. `.ci/run` installs them itself.
//
// Each path can be overridden for an unusual layout: CHROMIUM_PATH, FREERADIUS_PATH, RADCLIENT_PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const APT_PACKAGES = 'chromium freeradius freeradius-utils';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The first executable of `names` in the given folders (then in PATH), or null. */
const findProgram = (names, folders, env) => {
  const search = [...folders, ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of search) for (const name of names) if (executable(join(dir, name))) return join(dir, name);
  return null;
};

/** Where each prerequisite is, or null when it is missing. */
export function findPrerequisites(env = process.env) {
  const at = (override, fallback) => (override ? (executable(override) ? override : null) : fallback());
  return {
    chromium: at(env.CHROMIUM_PATH, () => (executable('/usr/bin/chromium') ? '/usr/bin/chromium' : null)),
    freeradius: at(env.FREERADIUS_PATH, () => findProgram(['freeradius', 'radiusd'], ['/usr/sbin'], env)),
    radclient: at(env.RADCLIENT_PATH, () => findProgram(['radclient'], ['/usr/bin'], env)),
  };
}

/** One line naming what is missing and how to install it, or null when everything is there. */
export function missingPrerequisitesMessage(found) {
  const labels = { chromium: 'Chromium (/usr/bin/chromium or CHROMIUM_PATH)', freeradius: 'FreeRADIUS (/usr/sbin/freeradius)', radclient: 'radclient' };
  const missing = Object.keys(labels).filter((k) => !found[k]);
  if (missing.length === 0) return null;
  return (
    `npm test needs ${missing.map((k) => labels[k]).join(', ')}: install them with ` +
    `\`sudo apt-get update && sudo apt-get install -y ${APT_PACKAGES}\` (Debian/Ubuntu; .ci/run does this itself), then run npm test again.`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const message = missingPrerequisitesMessage(findPrerequisites());
  if (message) {
    console.error(message);
    process.exit(1);
  }
}
