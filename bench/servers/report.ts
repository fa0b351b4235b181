/**
 * What every benchmark server child does besides serving: it samples its RSS/heap every 100 ms
 * (peak kept) and answers the runner over the IPC channel with its own CPU time and memory.
 * Started by bench/lib/child.ts with --expose-gc, pinned to one core with taskset.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export type ServerStats = {
  /** process.cpuUsage() user + system, µs since start. */
  cpuUs: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  peakRss: number;
  peakHeapUsed: number;
  /** Event-loop delay p99 and max (ms) since the last "stats" request. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Messages this instance published to / received from Redis (our server with BENCH_REDIS_URL). */
  busPublished?: number;
  busReceived?: number;
};

export type ChildRequest = { id: number; cmd: "stats" | "gc" | "resetPeak" | "quiet" | "exit" };
export type ChildMessage = { type: "ready"; port: number; info?: Record<string, unknown> } | { type: "reply"; id: number; stats: ServerStats } | { type: "error"; message: string };

let peakRss = 0;
let peakHeapUsed = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 2 });
loopDelay.enable();

function sample() {
  const memory = process.memoryUsage();
  if (memory.rss > peakRss) peakRss = memory.rss;
  if (memory.heapUsed > peakHeapUsed) peakHeapUsed = memory.heapUsed;
  return memory;
}
let sampler: NodeJS.Timeout | null = setInterval(sample, 100);
sampler.unref();

function stats(): ServerStats {
  const memory = sample();
  const cpu = process.cpuUsage();
  const result: ServerStats = {
    cpuUs: cpu.user + cpu.system,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    peakRss,
    peakHeapUsed,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
  loopDelay.reset();
  const bus = (globalThis as { __benchBusStats?: () => { published: number; received: number } }).__benchBusStats?.();
  if (bus) Object.assign(result, { busPublished: bus.published, busReceived: bus.received });
  return result;
}

function send(message: ChildMessage) {
  process.send?.(message);
}

/** Wires the IPC commands; call once the server listens. */
export function reportReady(port: number, info?: Record<string, unknown>) {
  process.on("message", (raw: unknown) => {
    const request = raw as ChildRequest;
    switch (request.cmd) {
      case "stats":
        return send({ type: "reply", id: request.id, stats: stats() });
      case "gc": {
        const gc = (globalThis as { gc?: () => void }).gc;
        // Several passes: weak maps and finalizers of closed sockets need more than one.
        for (let pass = 0; pass < 4; pass++) gc?.();
        return send({ type: "reply", id: request.id, stats: stats() });
      }
      case "quiet":
        // For scenarios that time a few milliseconds of work: the 2 ms event-loop monitor and the
        // 100 ms memory sampling cost ~2–3 % of a core on their own, which would be charged to the
        // server being measured (peak RSS is then read from /proc by the runner).
        loopDelay.disable();
        if (sampler) clearInterval(sampler);
        sampler = null;
        return send({ type: "reply", id: request.id, stats: stats() });
      case "resetPeak": {
        const memory = process.memoryUsage();
        peakRss = memory.rss;
        peakHeapUsed = memory.heapUsed;
        return send({ type: "reply", id: request.id, stats: stats() });
      }
      case "exit":
        process.exit(0);
    }
  });
  // The runner went away: do not linger.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", port, info });
}

export function reportFailure(error: unknown) {
  send({ type: "error", message: (error as Error)?.stack ?? String(error) });
  setTimeout(() => process.exit(1), 100);
}

export function requirePort(): number {
  const port = Number(process.env.BENCH_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("BENCH_PORT is required");
  return port;
}
