import type { Handlers } from '../handlers';
import { importCustomers } from './customers';
import { importPayments } from './payments';

// CSV import (issue 19): import.preview is the dry run, import.apply writes (or, with dryRun, is the preview).

export const importHandlers: Handlers<'import.preview' | 'import.apply'> = {
  'import.preview': (ctx, i) => (i.kind === 'customers' ? importCustomers : importPayments)(ctx, { ...i, dryRun: true }),
  'import.apply': (ctx, i) => (i.kind === 'customers' ? importCustomers : importPayments)(ctx, i),
};
