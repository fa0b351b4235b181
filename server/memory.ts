import v8 from "node:v8";

/**
 * How far the JavaScript heap may grow past what was live after the last full collection before
 * the next one, in percent (`--heap-growing-percent`). V8's own factor rises to 4× the live size
 * under a steady allocation rate: with 10,000 connections on 2,000 sections being typed in, ~95 MB
 * live let the heap reach ~390 MB of mostly garbage (peak RSS ~500 MB). At 50 % the peak stays
 * ~270 MB, for ~5–10 % more CPU per edit in that benchmark (bench/RESULTS.md, session 9).
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/**
 * Sets the heap growth for this process; 0 leaves V8's own. Call once at start (the value is
 * validated with the rest of the environment, server/env.ts).
 */
export function limitHeapGrowth(percent: number = DEFAULT_HEAP_GROWTH_PERCENT): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
