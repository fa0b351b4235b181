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
 * Node flags the server is started with (`npm start`, the Dockerfile, the benchmark's server; a test
 * checks the first two): they size V8's heap when the process starts, where `limitHeapGrowth` can no
 * longer. `--max-semi-space-size=8`: the young generation grows to 2 × 8 MB instead of 2 × 16 MB.
 * Under a steady allocation rate it reaches its maximum and stays there, so this is 16 MB of every
 * busy server's memory; with 10,000 connections being typed in, peak RSS 266–288 → 249–266 MB at
 * the same CPU per edit (bench/RESULTS.md, session 11). (4 MB promoted more and was not lower.)
 */
export const SERVER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

/**
 * Sets the heap growth for this process; 0 leaves V8's own. Call once at start (the value is
 * validated with the rest of the environment, server/env.ts).
 */
export function limitHeapGrowth(percent: number = DEFAULT_HEAP_GROWTH_PERCENT): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
