// Dev and tests only (`npm run web`, vitest, Playwright): the back-end worker's source is TypeScript, so the thread
// registers tsx before importing it. The built app runs the bundled out/main/backendWorker.js directly.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(pathToFileURL(workerData.entry).href);
