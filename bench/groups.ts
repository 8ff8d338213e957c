/*
 * The figure modules `npm run bench` runs, in this order. One line per module:
 *   export * as name from './file';
 * A module exports `group: FigureGroup` (bench/framework.ts), or is a time-budget module like
 * bench/amount.ts (exports `measure…(runs)` returning rows with `worstMs`, and a `…_BUDGET_MS`
 * constant), which run.ts adapts.
 */
export * as overhead from './groups/overhead';
export * as paging from './groups/paging';
export * as creates from './groups/creates';
export * as lookups from './groups/lookups';
export * as throughput from './groups/throughput';
export * as parallel from './groups/parallel';
export * as ratelimit from './groups/rateLimit';
export * as webhook from './groups/webhook';
export * as reconcile from './groups/reconcile';
export * as amount from './amount';
