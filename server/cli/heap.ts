import v8 from 'node:v8';

/**
 * The CLI runs batch jobs (imports of up to 200,000 residents, billing runs, ledger checks) in
 * one process, where a bounded memory matters more than the last percent of speed. V8 grows its
 * heap after each full GC by a factor it works out from how fast GC and the program ran — on
 * a busy 2-core VM that factor swings, and so did the peak memory of the same 100,000-row
 * import: 287–292 MB in half the runs, 405–452 MB in the other half (`ZX_MAXRSS_KB`, ten runs).
 * A fixed factor of 1.5 gave 288–321 MB in ten runs out of ten, in the same time (13.4–18.8 s
 * against 14.0–19.1 s). V8 reads this flag at every full GC, so setting it at startup works.
 */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
}
