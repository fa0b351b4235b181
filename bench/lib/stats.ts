/**
 * A log-linear latency histogram (1 % buckets from 1 µs to ~20 min): constant memory however many
 * samples a scenario produces (400 editors deliver hundreds of thousands of updates per second).
 */
const MIN_MS = 0.001;
const GROWTH = Math.log(1.01);
const BUCKETS = 2200;

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;

  record(ms: number, times = 1) {
    const value = ms < MIN_MS ? MIN_MS : ms;
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log(value / MIN_MS) / GROWTH));
    this.counts[index]! += times;
    this.count += times;
    this.sum += value * times;
    if (value > this.max) this.max = value;
  }

  /** The value at quantile q (0..1), as the upper edge of its bucket; null without samples. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const target = q * this.count;
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index]!;
      if (seen >= target) return Math.min(this.max, MIN_MS * Math.exp((index + 1) * GROWTH));
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      mean: this.count ? round(this.sum / this.count) : null,
      p50: round(this.quantile(0.5)),
      p95: round(this.quantile(0.95)),
      p99: round(this.quantile(0.99)),
      max: this.count ? round(this.max) : null,
    };
  }
}

export type LatencySummary = { count: number; mean: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };

export function round(value: number | null | undefined, digits = 2): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
