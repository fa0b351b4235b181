/**
 * The benchmark's scenarios. Each runs against one freshly started server child (so peak RSS is the
 * scenario's own) and returns plain figures; bench/run.ts runs every scenario on every server.
 */
import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { buildLargeSection } from "./bigdoc";
import { type ServerKind, ServerChild } from "./child";
import { BenchClient, type Endpoint, Tracker } from "./client";
import { RateDriver, runLimited, sleep, waitFor } from "./driver";
import { type BenchDatabase, initialSectionState } from "./setup";
import { type LatencySummary, percentile, round } from "./stats";

export type Config = {
  quick: boolean;
  editors: number[];
  windowS: number;
  warmupS: number;
  drainS: number;
  sectionScale: { sections: number; perSection: number; rate: number };
  connectionScale: { sections: number; perSection: number; rate: number; sustainableRate?: number };
  coldSequential: number;
  burst: number;
  join: number;
  idleSections: number;
  idleConnections: number;
  users: number;
  /** Editors on one section split over two instances (Redis fan-out). */
  crossInstanceEditors: number;
  /** The Redis of the cross-instance scenario (BENCH_REDIS_URL, default the machine's). */
  redisUrl: string;
};

export const FULL: Config = {
  quick: false,
  editors: [10, 50, 200, 400],
  windowS: 15,
  warmupS: 3,
  drainS: 10,
  sectionScale: { sections: 1000, perSection: 5, rate: 1 },
  connectionScale: { sections: 2000, perSection: 5, rate: 0.5, sustainableRate: 0.1 },
  coldSequential: 10,
  burst: 20,
  join: 1000,
  idleSections: 500,
  idleConnections: 1000,
  users: 1000,
  crossInstanceEditors: 200,
  redisUrl: process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
};

export const QUICK: Config = {
  quick: true,
  editors: [10, 50, 100],
  windowS: 4,
  warmupS: 1,
  drainS: 5,
  sectionScale: { sections: 100, perSection: 5, rate: 1 },
  connectionScale: { sections: 200, perSection: 5, rate: 0.5, sustainableRate: 0.1 },
  coldSequential: 5,
  burst: 20,
  join: 200,
  idleSections: 100,
  idleConnections: 200,
  users: 1000,
  crossInstanceEditors: 100,
  redisUrl: process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
};

export type Context = {
  kind: ServerKind;
  config: Config;
  db: BenchDatabase | null;
  log: (message: string) => void;
};

export type ScenarioResult = Record<string, unknown> & { scenario: string; server: ServerKind; error?: string };

export type Scenario = {
  name: string;
  description: string;
  /** The servers it applies to (default: all). */
  servers?: ServerKind[];
  run: (context: Context) => Promise<ScenarioResult>;
};

let nextClientId = 100_000 + Math.floor(Math.random() * 1_000_000) * 1000;
const clientIdFor = () => nextClientId++;

let initialState: Uint8Array | null = null;
const initial = () => (initialState ??= initialSectionState());
let largeState: Uint8Array | null = null;
export const largeSection = () => (largeState ??= buildLargeSection());

async function sectionsFor(context: Context, count: number, state: Uint8Array): Promise<string[]> {
  if (context.kind === "ours") return context.db!.makeSections(count, state);
  return Array.from({ length: count }, () => randomUUID());
}

function endpointFor(context: Context, child: ServerChild): Endpoint {
  const base = `ws://127.0.0.1:${child.port}`;
  if (context.kind === "ours") {
    const origin = `http://127.0.0.1:${child.port}`;
    const cookies = context.db!.cookies;
    return {
      protocol: "yws",
      url: (section) => `${base}/collab/${section}`,
      headers: (index) => ({ cookie: cookies[index % cookies.length]!, origin }),
      committedAcks: true,
    };
  }
  if (context.kind === "hocuspocus") return { protocol: "hocuspocus", url: () => `${base}/`, headers: () => ({}), committedAcks: false };
  return { protocol: "yws", url: (section) => `${base}/${section}`, headers: () => ({}), committedAcks: false };
}

async function startServer(context: Context): Promise<ServerChild> {
  return ServerChild.start(context.kind, { core: 0, env: context.kind === "ours" ? context.db!.childEnv() : {} });
}

async function quickStats(child: ServerChild) {
  try {
    const stats = await Promise.race([child.stats(), sleep(3000).then(() => null)]);
    if (!stats) return { serverAnswered: false };
    return { heapUsedMb: mb(stats.heapUsed), serverLoopDelayP99Ms: round(stats.loopDelayP99Ms, 1), serverLoopDelayMaxMs: round(stats.loopDelayMaxMs, 0) };
  } catch {
    return { serverAnswered: false };
  }
}

/** The child's CPU rate (µs per ms of wall time) while nothing is asked of it. */
async function idleRate(child: ServerChild, ms = 1000): Promise<number> {
  const before = child.cpuNowUs();
  const started = performance.now();
  await sleep(ms);
  return (child.cpuNowUs() - before) / (performance.now() - started);
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

/** CPU of this (load-generator) process and its event-loop delay over a window. */
function loadGenerator() {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  return () => {
    delay.disable();
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    return {
      loadgenCpuPct: round(((used.user + used.system) / 1000 / wall) * 100, 0),
      loadgenSystemPct: round((used.system / 1000 / wall) * 100, 0),
      loadgenLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 1),
      loadgenLoopDelayMaxMs: round(delay.max / 1e6, 0),
    };
  };
}

/** Connects the first client of every section, then the rest (so the seed is on the server first). */
async function connectInPhases(clients: BenchClient[][], limit: number, log: (message: string) => void) {
  const started = performance.now();
  const firsts = clients.map((group) => group[0]!);
  const rest = clients.flatMap((group) => group.slice(1));
  const one = await runLimited(firsts.length, limit, (index) => firsts[index]!.connect());
  const two = await runLimited(rest.length, limit, (index) => rest[index]!.connect());
  const failed = one.failed + two.failed;
  const seconds = (performance.now() - started) / 1000;
  log(`  connected ${firsts.length + rest.length - failed}/${firsts.length + rest.length} clients in ${seconds.toFixed(1)} s${failed ? ` (failures: ${[...one.errors, ...two.errors].join("; ")})` : ""}`);
  return { failed, seconds: round(seconds, 1) };
}

/** y-protocols' Awareness renews a client's state every 15 s; so do these clients (spread over the 15 s). */
function renewAwareness(clients: BenchClient[]): () => void {
  let second = 0;
  const timer = setInterval(() => {
    second += 1;
    for (let index = second % 15; index < clients.length; index += 15) if (!clients[index]!.closed) clients[index]!.sendAwareness();
  }, 1000);
  return () => clearInterval(timer);
}

function closeAll(clients: BenchClient[]) {
  for (const client of clients) client.close();
}

/**
 * `sections` sections × `perSection` editors, each editing at `rate` edits/s. Latency of every
 * edit to every other editor of its section; server CPU per delivered update and per edit.
 */
async function editing(context: Context, name: string, sectionCount: number, perSection: number, rate: number, instances = 1): Promise<ScenarioResult> {
  const { config, log } = context;
  const state = initial();
  const sections = await sectionsFor(context, sectionCount, state);
  // Several instances (ours only): all on the servers' core, fanning out through Redis; clients alternate between them.
  const prefix = `xz-bench-${Date.now()}:`;
  const children: ServerChild[] = [];
  try {
    for (let index = 0; index < instances; index++) {
      children.push(
        instances === 1
          ? await startServer(context)
          : await ServerChild.start(context.kind, { core: 0, env: { ...context.db!.childEnv(), BENCH_REDIS_URL: config.redisUrl, BENCH_REDIS_PREFIX: prefix } }),
      );
    }
  } catch (error) {
    await Promise.all(children.map((started) => started.stop()));
    throw error;
  }
  const child = children[0]!;
  const endpoints = children.map((started) => endpointFor(context, started));
  const endpoint = endpoints[0]!;
  const tracker = new Tracker();
  let userIndex = 0;
  const groups = sections.map((section) =>
    Array.from({ length: perSection }, (_unused, member) => {
      const clientId = clientIdFor();
      if (instances > 1) tracker.instanceOf.set(clientId, member % instances);
      return new BenchClient({ endpoint: endpoints[member % instances]!, section, index: userIndex++, clientId, tracker, seed: member === 0 ? state : undefined });
    }),
  );
  const all = groups.flat();
  const cpuOf = () => children.reduce((sum, started) => sum + started.procStats().cpuUs, 0);
  const busOf = async () => {
    if (instances === 1) return null;
    const stats = await Promise.all(children.map((started) => Promise.race([started.stats(), sleep(3000).then(() => null)])));
    if (stats.some((entry) => entry === null)) return null;
    return stats.reduce((sum, entry) => sum + (entry!.busPublished ?? 0), 0);
  };
  try {
    const ramp = await connectInPhases(groups, 200, log);
    const connectedIn = new Map<string, number>();
    for (const client of all) if (!client.closed) connectedIn.set(client.options.section, (connectedIn.get(client.options.section) ?? 0) + 1);
    const writers = all.filter((client) => !client.closed);
    const stopRenewing = renewAwareness(writers);
    await sleep(1000);
    // The server's background cost with everyone connected and nobody typing (timers, re-checks).
    const idleBefore = child.procStats();
    const idleStarted = performance.now();
    await sleep(1000);
    const idleCpuPct = round((child.procStats().cpuUs - idleBefore.cpuUs) / 10 / (performance.now() - idleStarted), 1);
    const driver = new RateDriver(writers, 1000 / rate, (client) => {
      if (!client.closed) client.edit((connectedIn.get(client.options.section) ?? 1) - 1);
    });
    driver.start();
    await sleep(config.warmupS * 1000);
    const before = child.procStats();
    const cpuBefore = cpuOf();
    const busBefore = await busOf();
    const dbBefore = context.kind === "ours" ? (context.db?.backendCpu() ?? null) : null;
    const loadgen = loadGenerator();
    const windowStart = performance.now();
    tracker.measuring = true;
    tracker.counting = true;
    await sleep(config.windowS * 1000);
    tracker.measuring = false;
    driver.stop();
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const drained = await waitFor(
      () => tracker.pendingDeliveries() <= 0 && (!endpoint.committedAcks || tracker.pendingAcks() <= 0),
      config.drainS * 1000,
    );
    tracker.counting = false;
    const after = child.procStats();
    const cpuAfter = cpuOf();
    const busAfter = await busOf();
    const dbCpuUs = context.kind === "ours" ? (context.db?.backendCpuSinceUs(dbBefore) ?? null) : null;
    const wall = performance.now() - windowStart;
    const generator = loadgen();
    tracker.censor(performance.now(), endpoint.committedAcks);
    stopRenewing();
    const cpuUs = cpuAfter - cpuBefore;
    return {
      scenario: name,
      server: context.kind,
      connections: writers.length,
      sections: sectionCount,
      editsPerSecond: round(tracker.measuredEdits / windowSeconds, 0),
      measuredEdits: tracker.measuredEdits,
      expectedDeliveries: tracker.measuredExpected,
      undelivered: tracker.undelivered,
      drained,
      latency: tracker.latency.summary(),
      ackLatency: endpoint.committedAcks ? tracker.ackLatency.summary() : null,
      unacked: endpoint.committedAcks ? tracker.unacked : null,
      countedDeliveries: tracker.countedDeliveries,
      serverCpuMs: round(cpuUs / 1000, 0),
      serverCpuPct: round((cpuUs / 1000 / wall) * 100, 0),
      serverIdleCpuPct: idleCpuPct,
      serverSystemPct: round(((after.cpuSystemUs - before.cpuSystemUs) / 1000 / wall) * 100, 0),
      cpuPerDeliveryUs: tracker.countedDeliveries ? round(cpuUs / tracker.countedDeliveries, 2) : null,
      cpuPerEditUs: tracker.countedEdits ? round(cpuUs / tracker.countedEdits, 1) : null,
      dbCpuPerEditUs: dbCpuUs !== null && tracker.countedEdits ? round(dbCpuUs / tracker.countedEdits, 1) : null,
      dbCpuPct: dbCpuUs !== null ? round((dbCpuUs / 1000 / wall) * 100, 0) : null,
      peakRssMb: mb(after.peakRss),
      rssMb: mb(after.rss),
      ...(instances > 1
        ? {
            instances,
            sameInstanceLatency: tracker.sameInstanceLatency.summary(),
            crossInstanceLatency: tracker.crossInstanceLatency.summary(),
            redisMessagesPerEdit: busBefore !== null && busAfter !== null && tracker.countedEdits ? round((busAfter - busBefore) / tracker.countedEdits, 2) : null,
          }
        : {}),
      // Asked over IPC only if the server answers within 3 s (an overloaded one may not).
      ...(await quickStats(child)),
      rampSeconds: ramp.seconds,
      connectFailures: ramp.failed,
      ...generator,
    };
  } finally {
    await Promise.all(children.map((started) => started.stop()));
    closeAll(all);
  }
}

/** Joins of the 1 MB section before the cold-sync figures are taken (see coldSync). */
const WARMUP_JOINS = 5;

/** A new client's full sync of a ~1 MB section, one at a time, then 20 at once. */
async function coldSync(context: Context): Promise<ScenarioResult> {
  const { config, log } = context;
  const state = largeSection();
  const [section] = await sectionsFor(context, 1, state);
  const [small] = await sectionsFor(context, 1, initial());
  const child = await startServer(context);
  const endpoint = endpointFor(context, child);
  const tracker = new Tracker();
  let userIndex = 0;
  const client = (options: { seed?: Uint8Array; applySync?: boolean }) =>
    new BenchClient({ endpoint, section: section!, index: userIndex++, clientId: clientIdFor(), tracker, ...options });
  const opened: BenchClient[] = [];
  try {
    // A holder keeps the section loaded (Hocuspocus unloads an unused document at once and the
    // references have no storage: for them the holder is where the 1 MB comes from).
    const holder = client({ seed: state });
    opened.push(holder);
    await holder.connect();
    let first: BenchClient | null = null;
    for (let attempt = 0; attempt < 20; attempt++) {
      const probe = client({ applySync: true });
      opened.push(probe);
      await probe.connect();
      if (probe.stateBytes >= state.length * 0.95) {
        first = probe;
        break;
      }
      probe.close();
      await sleep(100);
    }
    if (!first) throw new Error("the server never had the 1 MB state");
    // From here on the figures are a few milliseconds of CPU each: the child stops its own sampling
    // (its 2 ms event-loop monitor alone costs ~2 % of a core) and its CPU is read from /proc by the
    // runner, so that neither is charged to the server being measured. Same for every server.
    await child.quiet();
    const cpuNow = () => child.cpuNowUs();
    const firstSyncMs = first.stateAt - first.startedAt;
    first.close();
    await sleep(300);

    // Warm-up, not measured: the first joins of a process run its join path cold (JIT compilation
    // of the upgrade, authentication and sync code), which a server pays once, not per sync. Same
    // for every server.
    for (let index = 0; index < WARMUP_JOINS; index++) {
      const warm = client({});
      opened.push(warm);
      await warm.connect();
      warm.close();
      await sleep(50);
    }
    await sleep(300);

    const background = await idleRate(child);
    // Three times `coldSequential` syncs one after the other; the figures are those of the last
    // third. The first two thirds ("early", reported too) may still run while the join path is
    // being compiled: in one session-8 run our server's CPU per sync kept falling for about ten
    // syncs after the five warm-up joins, and in session 9 every run of ours had one 7.6–12.6 ms
    // sync, always the twelfth, while its others took 2.5–4.5 ms: with --trace-opt that sync is
    // where V8 compiled lib0's `_writeVarStringNative` (7 ms on the compiler thread, which the
    // process's CPU includes) — once per process, and a server syncs many clients, not twelve.
    // Same for every server.
    const firstState: number[] = [];
    const fullySynced: number[] = [];
    const syncCpuList: number[] = [];
    const earlySyncs = 2 * config.coldSequential;
    for (let index = 0; index < earlySyncs + config.coldSequential; index++) {
      const fresh = client({ applySync: true });
      opened.push(fresh);
      const before = cpuNow();
      await fresh.connect();
      fresh.close();
      await sleep(20);
      syncCpuList.push(Math.round(cpuNow() - before));
      firstState.push(fresh.stateAt - fresh.startedAt);
      fullySynced.push(fresh.appliedAt - fresh.startedAt);
      await sleep(100);
    }
    const early = syncCpuList.slice(0, earlySyncs);
    const measured = syncCpuList.slice(earlySyncs);
    firstState.splice(0, earlySyncs);
    fullySynced.splice(0, earlySyncs);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const cpuPerSyncUs = mean(measured);
    log(`  sequential syncs: first state p50 ${round(percentile(firstState, 0.5))} ms`);
    await sleep(300);

    // Control: the same sequence on a small section, to separate a join's fixed cost (upgrade,
    // authentication, handshake, presence) from the cost of the 1 MB.
    const smallHolder = new BenchClient({ endpoint, section: small!, index: userIndex++, clientId: clientIdFor(), tracker, seed: initial() });
    opened.push(smallHolder);
    await smallHolder.connect();
    await sleep(200);
    const smallState: number[] = [];
    let smallCpuUs = 0;
    for (let index = 0; index < config.coldSequential; index++) {
      const fresh = new BenchClient({ endpoint, section: small!, index: userIndex++, clientId: clientIdFor(), tracker, applySync: true });
      opened.push(fresh);
      const before = cpuNow();
      await fresh.connect();
      fresh.close();
      await sleep(20);
      smallCpuUs += cpuNow() - before;
      smallState.push(fresh.stateAt - fresh.startedAt);
      await sleep(100);
    }
    await sleep(300);

    const burst = Array.from({ length: config.burst }, () => client({}));
    opened.push(...burst);
    const burstBefore = cpuNow();
    const burstStart = performance.now();
    const result = await Promise.allSettled(burst.map((joiner) => joiner.connect()));
    const burstAllMs = Math.max(...burst.map((joiner) => (joiner.stateAt || performance.now()) - burstStart));
    await sleep(50);
    const burstAfter = cpuNow();
    const burstTimes = burst.filter((joiner) => joiner.stateAt).map((joiner) => joiner.stateAt - burstStart);
    return {
      scenario: "cold-sync-1mb",
      server: context.kind,
      stateBytes: state.length,
      firstLoadSyncMs: round(firstSyncMs),
      firstStateMs: summary(firstState),
      fullySyncedMs: summary(fullySynced),
      // Server CPU (all its threads, from /proc) from just before a client connects until 20 ms after it has the state and left.
      cpuPerSyncUs: round(cpuPerSyncUs, 0),
      cpuPerSyncEachUs: measured,
      cpuPerSyncEarlyUs: round(mean(early), 0),
      cpuPerSyncEarlyEachUs: early,
      backgroundCpuPct: round(background / 10, 1),
      smallSectionFirstStateMs: round(percentile(smallState, 0.5)),
      smallSectionCpuPerSyncUs: round(smallCpuUs / config.coldSequential, 0),
      burstClients: config.burst,
      burstFailed: result.filter((outcome) => outcome.status === "rejected").length,
      burstAllServedMs: round(burstAllMs),
      burstP50Ms: round(percentile(burstTimes, 0.5)),
      burstCpuPerSyncUs: round((burstAfter - burstBefore) / config.burst, 0),
      peakRssMb: mb(child.procStats().peakRss),
    };
  } finally {
    await child.stop();
    closeAll(opened);
  }
}

function summary(values: number[]): LatencySummary {
  return {
    count: values.length,
    mean: values.length ? round(values.reduce((sum, value) => sum + value, 0) / values.length) : null,
    p50: round(percentile(values, 0.5)),
    p95: round(percentile(values, 0.95)),
    p99: round(percentile(values, 0.99)),
    max: values.length ? round(Math.max(...values)) : null,
  };
}

/** N clients join one section together: until all are synced, and until every one sees every other's presence. */
async function join(context: Context, count: number): Promise<ScenarioResult> {
  const state = initial();
  const [section] = await sectionsFor(context, 1, state);
  const child = await startServer(context);
  const endpoint = endpointFor(context, child);
  const tracker = new Tracker();
  let complete = 0;
  const clients = Array.from(
    { length: count },
    (_unused, index) =>
      new BenchClient({
        endpoint,
        section: section!,
        index,
        clientId: clientIdFor(),
        tracker,
        seed: index === 0 ? state : undefined,
        trackAwareness: true,
        expectedPeers: count - 1,
        onAwarenessComplete: () => (complete += 1),
      }),
  );
  try {
    const timeoutMs = context.config.quick ? 30_000 : 60_000;
    const before = child.procStats();
    const loadgen = loadGenerator();
    const started = performance.now();
    // All at once (at most 200 opening handshakes in flight, below the listen backlog of 511).
    const outcome = await runLimited(count, 200, (index) => clients[index]!.connect(timeoutMs));
    const syncedAllMs = performance.now() - started;
    const aware = await waitFor(() => complete >= count - outcome.failed, Math.max(0, timeoutMs - syncedAllMs));
    const awareAllMs = performance.now() - started;
    const after = child.procStats();
    const generator = loadgen();
    return {
      scenario: `join-${count}`,
      server: context.kind,
      clients: count,
      failed: outcome.failed,
      syncedAllMs: round(syncedAllMs, 0),
      awareAllMs: aware ? round(awareAllMs, 0) : null,
      awareIncomplete: count - complete,
      joinAllMs: aware ? round(awareAllMs, 0) : null,
      // When not everyone saw everyone in time, the time taken is at least the timeout.
      joinAtLeastMs: aware ? null : timeoutMs,
      cpuPerJoinUs: round((after.cpuUs - before.cpuUs) / count, 0),
      serverCpuMs: round((after.cpuUs - before.cpuUs) / 1000, 0),
      peakRssMb: mb(after.peakRss),
      ...generator,
    };
  } finally {
    await child.stop();
    closeAll(clients);
  }
}

/** Heap per idle loaded section (each with its one client) and per idle connection (on one section), after GC. */
async function idleMemory(context: Context): Promise<ScenarioResult> {
  const { config, log } = context;
  const state = initial();
  // A warm-up of a tenth as many sections and connections comes first: what the server compiles
  // (JIT code, feedback) and allocates once for its first joins is not memory per section.
  const warm = Math.max(1, Math.round(config.idleSections / 10));
  const sections = await sectionsFor(context, warm + config.idleSections + 1, state);
  const shared = sections.pop()!;
  const warmSections = sections.splice(0, warm);
  const child = await startServer(context);
  const endpoint = endpointFor(context, child);
  const tracker = new Tracker();
  let userIndex = 0;
  const sectionClients = sections.map((section) => new BenchClient({ endpoint, section, index: userIndex++, clientId: clientIdFor(), tracker, seed: state }));
  const connectionClients = Array.from(
    { length: config.idleConnections },
    (_unused, index) => new BenchClient({ endpoint, section: shared, index: userIndex++, clientId: clientIdFor(), tracker, seed: index === 0 ? state : undefined }),
  );
  const warmClients = [
    ...warmSections.map((section) => new BenchClient({ endpoint, section, index: userIndex++, clientId: clientIdFor(), tracker, seed: state })),
    ...Array.from({ length: warm }, () => new BenchClient({ endpoint, section: shared, index: userIndex++, clientId: clientIdFor(), tracker })),
  ];
  try {
    // One client on the shared section first, so the connection step adds connections only.
    await connectionClients[0]!.connect();
    const warmUp = await runLimited(warmClients.length, 100, (index) => warmClients[index]!.connect());
    if (warmUp.failed) log(`  warm-up: ${warmUp.failed} failed to connect (${warmUp.errors.join("; ")})`);
    await sleep(1500);
    const base = await child.gc();
    const sectionRamp = await runLimited(sectionClients.length, 100, (index) => sectionClients[index]!.connect());
    await sleep(2000);
    const loaded = await child.gc();
    const connectionRamp = await runLimited(connectionClients.length - 1, 100, (index) => connectionClients[index + 1]!.connect());
    await sleep(2000);
    const connected = await child.gc();
    for (const [what, ramp] of [["sections", sectionRamp], ["connections", connectionRamp]] as const) {
      if (ramp.failed) log(`  ${what}: ${ramp.failed} failed to connect (${ramp.errors.join("; ")})`);
    }
    const sectionsLoaded = sectionClients.length - sectionRamp.failed;
    const connectionsAdded = connectionClients.length - 1 - connectionRamp.failed;
    const perSection = (loaded.heapUsed - base.heapUsed) / sectionsLoaded;
    const perConnection = (connected.heapUsed - loaded.heapUsed) / connectionsAdded;
    log(`  heap: base ${mb(base.heapUsed)} MB, +${sectionsLoaded} sections ${mb(loaded.heapUsed)} MB, +${connectionsAdded} connections ${mb(connected.heapUsed)} MB`);
    return {
      scenario: "idle-memory",
      server: context.kind,
      sections: sectionsLoaded,
      connections: connectionsAdded,
      heapPerSectionWithClientKb: round(perSection / 1024, 1),
      heapPerConnectionKb: round(perConnection / 1024, 1),
      heapPerSectionNetKb: round((perSection - perConnection) / 1024, 1),
      rssPerSectionWithClientKb: round((loaded.rss - base.rss) / sectionsLoaded / 1024, 1),
      rssPerConnectionKb: round((connected.rss - loaded.rss) / connectionsAdded / 1024, 1),
      baseHeapMb: mb(base.heapUsed),
      peakRssMb: mb(connected.peakRss),
      failures: sectionRamp.failed + connectionRamp.failed,
    };
  } finally {
    await child.stop();
    closeAll([...sectionClients, ...connectionClients, ...warmClients]);
  }
}

export function scenarios(config: Config): Scenario[] {
  const list: Scenario[] = config.editors.map((count) => ({
    name: `edit-${count}`,
    description: `${count} editors on one section, 2 edits/s each`,
    run: (context) => editing(context, `edit-${count}`, 1, count, 2),
  }));
  const cross = config.crossInstanceEditors;
  list.push({
    name: `two-instances-${cross}`,
    description: `${cross} editors on one section split over two instances of our server (Redis fan-out), 2 edits/s each; ours only`,
    servers: ["ours"],
    run: (context) => editing(context, `two-instances-${cross}`, 1, cross, 2, 2),
  });
  const { sectionScale: s, connectionScale: c } = config;
  list.push({
    name: `sections-${s.sections}x${s.perSection}`,
    description: `${s.sections} sections × ${s.perSection} editors at ${s.rate} edit/s each (${s.sections * s.perSection * s.rate} edits/s)`,
    run: (context) => editing(context, `sections-${s.sections}x${s.perSection}`, s.sections, s.perSection, s.rate),
  });
  list.push({
    name: `conns-${c.sections * c.perSection}`,
    description: `${c.sections * c.perSection} connections on ${c.sections} sections, ${c.sections * c.perSection * c.rate} edits/s in total`,
    run: (context) => editing(context, `conns-${c.sections * c.perSection}`, c.sections, c.perSection, c.rate),
  });
  if (c.sustainableRate) {
    const name = `conns-${c.sections * c.perSection}-light`;
    list.push({
      name,
      description: `${c.sections * c.perSection} connections on ${c.sections} sections at ${c.sections * c.perSection * c.sustainableRate} edits/s in total (a load one core can carry; supplementary)`,
      run: (context) => editing(context, name, c.sections, c.perSection, c.sustainableRate!),
    });
  }
  list.push({ name: "cold-sync-1mb", description: `cold sync of a ~1 MB section (${config.coldSequential} one by one), then ${config.burst} joining at once`, run: coldSync });
  list.push({ name: `join-${config.join}`, description: `${config.join} clients joining one section at once`, run: (context) => join(context, config.join) });
  list.push({ name: "idle-memory", description: `heap per idle section (${config.idleSections}) and per idle connection (${config.idleConnections})`, run: idleMemory });
  return list;
}
