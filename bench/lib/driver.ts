/**
 * Fires every client at a fixed rate with its own random phase (so edits are spread evenly, not in
 * lock-step), from one 2 ms timer instead of thousands of timers.
 */
export class RateDriver<T> {
  private readonly order: { phase: number; item: T }[];
  private timer: NodeJS.Timeout | null = null;
  private started = 0;
  private position = 0;
  private cycle = 0;
  fired = 0;

  constructor(
    items: T[],
    private readonly intervalMs: number,
    private readonly fire: (item: T) => void,
  ) {
    this.order = items.map((item) => ({ phase: Math.random() * intervalMs, item })).sort((a, b) => a.phase - b.phase);
  }

  start() {
    this.started = performance.now();
    this.position = 0;
    this.cycle = 0;
    this.timer = setInterval(() => this.tick(), 2);
  }

  private tick() {
    const elapsed = performance.now() - this.started;
    const cycle = Math.floor(elapsed / this.intervalMs);
    const offset = elapsed - cycle * this.intervalMs;
    // Finish earlier cycles (if the loop fell behind), then this one up to `offset`.
    while (this.cycle < cycle) {
      for (; this.position < this.order.length; this.position++) this.fireAt(this.position);
      this.cycle += 1;
      this.position = 0;
    }
    for (; this.position < this.order.length && this.order[this.position]!.phase <= offset; this.position++) this.fireAt(this.position);
  }

  private fireAt(index: number) {
    this.fired += 1;
    this.fire(this.order[index]!.item);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Runs `tasks` with at most `limit` in flight; returns how many failed (with the first errors). */
export async function runLimited(count: number, limit: number, task: (index: number) => Promise<void>): Promise<{ failed: number; errors: string[] }> {
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  async function worker() {
    while (next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed += 1;
        if (errors.length < 5) errors.push((error as Error).message);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, () => worker()));
  return { failed, errors };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
