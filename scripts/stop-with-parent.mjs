// Loaded first by every long-running npm script (`node --import ./scripts/stop-with-parent.mjs …`).
//
// Why: npm runs a script through `sh -c`, and when npm is stopped by its PID (SIGTERM) it passes the signal to
// that shell only. The shell dies without passing it on, so the Node process it started would keep running on
// its own (holding a port, a database lock). Here the process watches its parent: once it has been handed to
// another parent (the shell is gone), it stops itself with SIGTERM, so its own SIGTERM handler (if any) closes
// things cleanly. The timer is unref'd: it never keeps a finished command alive.
const parent = process.ppid;
const CHECK_EVERY_MS = 500;

if (process.platform !== 'win32' && parent > 1) {
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, CHECK_EVERY_MS).unref();
}
