// Short names for the cached prepared statements of ./prepared (the billing run and day runs use them heavily).
export { allRows as all, getRow as one, prepared as stmt, run } from './prepared';
