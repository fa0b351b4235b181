/**
 * The collaboration benchmark: `npm run bench [-- --quick] [-- --only=edit,cold] [-- --servers=ours,hocuspocus]`.
 *
 * Runs every scenario (bench/lib/scenarios.ts) against our server (persistence on) and, in the same
 * run on the same machine, @hocuspocus/server (defaults) and the y-websocket reference server
 * (@y/websocket-server), each in a child process pinned to core 0; this process is the load
 * generator, pinned to core 1. Loopback only; every step is bounded in time. Prints a table and
 * writes bench/results/<timestamp>.json and .md. See bench/RESULTS.md.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_KINDS, type ServerKind } from "./lib/child";
import { type Config, FULL, QUICK, type ScenarioResult, scenarios } from "./lib/scenarios";
import { BenchDatabase } from "./lib/setup";
import { round } from "./lib/stats";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => args.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split("=")[1];

const config: Config = flag("quick") ? QUICK : FULL;
const only = value("only")?.split(",").filter(Boolean) ?? [];
const servers = (value("servers")?.split(",").filter(Boolean) as ServerKind[] | undefined) ?? SERVER_KINDS;
const hardLimitMs = Number(value("max-minutes") ?? (config.quick ? 15 : 35)) * 60_000;

function pinSelf() {
  // The load generator on core 1 (all threads), the servers on core 0.
  const result = spawnSync("taskset", ["-a", "-cp", "1", String(process.pid)], { encoding: "utf8" });
  if (result.status !== 0) console.warn("[bench] could not pin the load generator to core 1:", result.stderr);
}

function machine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  let postgres: string | null = null;
  try {
    postgres = execFileSync("postgres", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    postgres = null;
  }
  return {
    nproc: os.cpus().length,
    cpuModel: model,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    kernel: os.release(),
    loadAverageAtStart: os.loadavg().map((load) => round(load, 2)),
    openFilesLimit: spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim(),
    postgres,
  };
}

type Target = {
  label: string;
  scenario: string;
  metric: (result: ScenarioResult) => number | null;
  limit: number;
  absolute?: boolean;
  unit?: string;
  /** Compared with another of our own results instead of Hocuspocus (shown in the Hocuspocus column). */
  against?: { scenario: string; server: ServerKind; metric: (result: ScenarioResult) => number | null };
};

function get(result: ScenarioResult, pathName: string): number | null {
  let current: unknown = result;
  for (const part of pathName.split(".")) current = current && typeof current === "object" ? (current as Record<string, unknown>)[part] : null;
  return typeof current === "number" ? current : null;
}

function targets(): Target[] {
  const [, , editMid, editHigh] = config.quick ? [0, 0, config.editors[1]!, config.editors[2]!] : [0, 0, 200, 400];
  const conns = `conns-${config.connectionScale.sections * config.connectionScale.perSection}`;
  const m = (pathName: string) => (result: ScenarioResult) => get(result, pathName);
  return [
    { label: `${editMid} editors on one section: p99 latency`, scenario: `edit-${editMid}`, metric: m("latency.p99"), limit: 1.0 },
    { label: `${editHigh} editors: p99 latency`, scenario: `edit-${editHigh}`, metric: m("latency.p99"), limit: 1.0 },
    { label: `${editHigh} editors: server CPU per delivered update`, scenario: `edit-${editHigh}`, metric: m("cpuPerDeliveryUs"), limit: 0.8 },
    { label: `${conns} connections: p99 latency`, scenario: conns, metric: m("latency.p99"), limit: 0.3 },
    { label: `${conns} connections: peak RSS`, scenario: conns, metric: m("peakRssMb"), limit: 0.5 },
    { label: `${conns} connections: server CPU per edit`, scenario: conns, metric: m("cpuPerEditUs"), limit: 0.75 },
    { label: "cold sync 1 MB: first state received (p50)", scenario: "cold-sync-1mb", metric: m("firstStateMs.p50"), limit: 0.5 },
    { label: "cold sync 1 MB: server CPU per sync", scenario: "cold-sync-1mb", metric: m("cpuPerSyncUs"), limit: 0.25 },
    { label: `cold sync 1 MB: ${config.burst} joining at once, all served`, scenario: "cold-sync-1mb", metric: m("burstAllServedMs"), limit: 0.5 },
    { label: "heap per idle loaded section (net of its client)", scenario: "idle-memory", metric: m("heapPerSectionNetKb"), limit: 0.6 },
    { label: "heap per idle connection", scenario: "idle-memory", metric: m("heapPerConnectionKb"), limit: 0.5 },
    { label: `${config.join} clients joining one section (all see all)`, scenario: `join-${config.join}`, metric: m("joinAllMs"), limit: 1.0 },
    {
      label: `${config.crossInstanceEditors} editors over two instances: cross-instance p99 ÷ single-instance p99 (same run)`,
      scenario: `two-instances-${config.crossInstanceEditors}`,
      metric: m("crossInstanceLatency.p99"),
      limit: 2.0,
      against: { scenario: `edit-${config.crossInstanceEditors}`, server: "ours", metric: m("latency.p99") },
    },
    { label: `committed-ack p95 at ${editMid} editors (ms, absolute)`, scenario: `edit-${editMid}`, metric: m("ackLatency.p95"), limit: 100, absolute: true },
  ];
}

function evaluate(results: ScenarioResult[]) {
  return targets().map((target) => {
    const ours = results.find((result) => result.scenario === target.scenario && result.server === "ours" && !result.error);
    const against = target.against;
    const hocus = against
      ? results.find((result) => result.scenario === against.scenario && result.server === against.server && !result.error)
      : results.find((result) => result.scenario === target.scenario && result.server === "hocuspocus" && !result.error);
    const oursValue = ours ? target.metric(ours) : null;
    const hocusValue = hocus ? (against ? against.metric(hocus) : target.metric(hocus)) : null;
    let ratio: number | null = null;
    let verdict = "not measured";
    if (target.absolute && oursValue !== null) {
      verdict = oursValue <= target.limit ? "met" : "missed";
    } else if (oursValue !== null && hocusValue !== null && hocusValue > 0) {
      ratio = round(oursValue / hocusValue, 2);
      verdict = ratio! <= target.limit ? "met" : "missed";
    } else if (oursValue !== null && hocusValue === null && typeof hocus?.joinAtLeastMs === "number") {
      // Hocuspocus did not finish within the timeout: the ratio is at most ours / timeout.
      ratio = round(oursValue / hocus.joinAtLeastMs, 2);
      verdict = ratio! <= target.limit ? `met (Hocuspocus unfinished after ${hocus.joinAtLeastMs} ms; ratio is an upper bound)` : "unknown";
    }
    return { target: target.label, scenario: target.scenario, ours: oursValue, hocuspocus: hocusValue, ratio, limit: target.absolute ? `≤ ${target.limit}` : `≤ ${target.limit}×`, verdict };
  });
}

const fmt = (value: unknown) => (value === null || value === undefined ? "–" : String(value));

function table(results: ScenarioResult[]): string {
  const lines: string[] = [];
  const editing = results.filter((result) => result.latency);
  if (editing.length) {
    lines.push("| scenario | server | conns | edits/s | p50 ms | p95 ms | p99 ms | undelivered | CPU µs/delivered | CPU µs/edit | server CPU % (idle %) | peak RSS MB | ack p50/p95/p99 ms | DB CPU µs/edit | loadgen CPU % |");
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of editing) {
      const latency = r.latency as Record<string, number | null>;
      const ack = r.ackLatency as Record<string, number | null> | null;
      lines.push(
        `| ${r.scenario} | ${r.server} | ${fmt(r.connections)} | ${fmt(r.editsPerSecond)} | ${fmt(latency.p50)} | ${fmt(latency.p95)} | ${fmt(latency.p99)} | ${fmt(r.undelivered)} | ${fmt(r.cpuPerDeliveryUs)} | ${fmt(r.cpuPerEditUs)} | ${fmt(r.serverCpuPct)} (${fmt(r.serverIdleCpuPct)}) | ${fmt(r.peakRssMb)} | ${ack ? `${fmt(ack.p50)} / ${fmt(ack.p95)} / ${fmt(ack.p99)}` : "–"} | ${fmt(r.dbCpuPerEditUs)} | ${fmt(r.loadgenCpuPct)} |`,
      );
    }
  }
  const multi = results.filter((result) => result.instances && !result.error);
  if (multi.length) {
    lines.push("", "| scenario | instances | editors | same-instance p50 / p95 / p99 ms | cross-instance p50 / p95 / p99 ms | Redis messages per edit | CPU µs/delivered (all instances) | ack p95 ms |");
    lines.push("|---|---|---|---|---|---|---|---|");
    const trio = (value: unknown) => {
      const summary = value as Record<string, number | null> | null;
      return summary ? `${fmt(summary.p50)} / ${fmt(summary.p95)} / ${fmt(summary.p99)}` : "–";
    };
    for (const r of multi) {
      const ack = r.ackLatency as Record<string, number | null> | null;
      lines.push(
        `| ${r.scenario} | ${fmt(r.instances)} | ${fmt(r.connections)} | ${trio(r.sameInstanceLatency)} | ${trio(r.crossInstanceLatency)} | ${fmt(r.redisMessagesPerEdit)} | ${fmt(r.cpuPerDeliveryUs)} | ${fmt(ack?.p95)} |`,
      );
    }
  }
  const cold = results.filter((result) => result.scenario === "cold-sync-1mb" && !result.error);
  if (cold.length) {
    lines.push("", "| cold sync 1 MB | server | first load+sync ms | first state p50 / p95 ms | fully synced p50 ms | CPU µs/sync (early ones) | burst all served ms | burst p50 ms | burst CPU µs/sync | small section: first state ms / CPU µs | peak RSS MB |");
    lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of cold) {
      const first = r.firstStateMs as Record<string, number | null>;
      const full = r.fullySyncedMs as Record<string, number | null>;
      lines.push(
        `| cold-sync-1mb | ${r.server} | ${fmt(r.firstLoadSyncMs)} | ${fmt(first.p50)} / ${fmt(first.p95)} | ${fmt(full.p50)} | ${fmt(r.cpuPerSyncUs)} (${fmt(r.cpuPerSyncEarlyUs)}) | ${fmt(r.burstAllServedMs)} | ${fmt(r.burstP50Ms)} | ${fmt(r.burstCpuPerSyncUs)} | ${fmt(r.smallSectionFirstStateMs)} / ${fmt(r.smallSectionCpuPerSyncUs)} | ${fmt(r.peakRssMb)} |`,
      );
    }
  }
  const joins = results.filter((result) => result.scenario.startsWith("join-") && !result.error);
  if (joins.length) {
    lines.push("", "| join | server | all synced ms | all see all presences ms | incomplete | CPU µs/join | peak RSS MB | loadgen CPU % |");
    lines.push("|---|---|---|---|---|---|---|---|");
    for (const r of joins) {
      lines.push(`| ${r.scenario} | ${r.server} | ${fmt(r.syncedAllMs)} | ${fmt(r.awareAllMs)} | ${fmt(r.awareIncomplete)} | ${fmt(r.cpuPerJoinUs)} | ${fmt(r.peakRssMb)} | ${fmt(r.loadgenCpuPct)} |`);
    }
  }
  const idle = results.filter((result) => result.scenario === "idle-memory" && !result.error);
  if (idle.length) {
    lines.push("", "| idle memory | server | sections | heap KB/section (with its client) | heap KB/section (net) | connections | heap KB/connection | RSS KB/section | RSS KB/connection |");
    lines.push("|---|---|---|---|---|---|---|---|---|");
    for (const r of idle) {
      lines.push(
        `| idle-memory | ${r.server} | ${fmt(r.sections)} | ${fmt(r.heapPerSectionWithClientKb)} | ${fmt(r.heapPerSectionNetKb)} | ${fmt(r.connections)} | ${fmt(r.heapPerConnectionKb)} | ${fmt(r.rssPerSectionWithClientKb)} | ${fmt(r.rssPerConnectionKb)} |`,
      );
    }
  }
  const failed = results.filter((result) => result.error);
  if (failed.length) {
    lines.push("", "Failed runs:");
    for (const r of failed) lines.push(`- ${r.scenario} on ${r.server}: ${r.error}`);
  }
  return lines.join("\n");
}

function targetTable(evaluated: ReturnType<typeof evaluate>): string {
  const lines = ["| target | ours | Hocuspocus | ratio | limit | verdict |", "|---|---|---|---|---|---|"];
  for (const row of evaluated) lines.push(`| ${row.target} | ${fmt(row.ours)} | ${fmt(row.hocuspocus)} | ${fmt(row.ratio)} | ${row.limit} | ${row.verdict} |`);
  return lines.join("\n");
}

async function main() {
  pinSelf();
  const started = Date.now();
  const hardLimit = setTimeout(() => {
    console.error(`[bench] hard time limit (${hardLimitMs / 60000} min) reached: stopping`);
    process.exit(2);
  }, hardLimitMs);
  hardLimit.unref();
  const info = machine();
  console.log(`[bench] ${config.quick ? "QUICK" : "FULL"} run on ${info.nproc}× ${info.cpuModel}, ${info.memoryGb} GB, Node ${info.node}; load average ${info.loadAverageAtStart.join(" ")}`);
  const list = scenarios(config).filter((scenario) => only.length === 0 || only.some((prefix) => scenario.name.startsWith(prefix)));
  const db = servers.includes("ours") ? await BenchDatabase.create(config.users) : null;
  if (db) console.log(`[bench] our server persists to ${db.kind === "postgres" ? `PostgreSQL (database ${db.databaseName})` : `PGlite on disk (${db.location})`}`);
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of list) {
      console.log(`\n[bench] ${scenario.name}: ${scenario.description}`);
      for (const kind of servers.filter((server) => !scenario.servers || scenario.servers.includes(server))) {
        const log = (message: string) => console.log(`[${kind}] ${message}`);
        const scenarioStarted = Date.now();
        let result: ScenarioResult;
        try {
          result = await scenario.run({ kind, config, db, log });
        } catch (error) {
          result = { scenario: scenario.name, server: kind, error: (error as Error).message.split("\n")[0]! };
        }
        result.seconds = round((Date.now() - scenarioStarted) / 1000, 0);
        results.push(result);
        console.log(`[${kind}] ${JSON.stringify(result)}`);
        // Let the kernel and the previous child settle before the next server.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } finally {
    await db?.drop().catch((error) => console.warn("[bench] dropping the database failed:", (error as Error).message));
  }
  const evaluated = evaluate(results);
  const totalSeconds = round((Date.now() - started) / 1000, 0);
  const report = {
    startedAt: new Date(started).toISOString(),
    totalSeconds,
    mode: config.quick ? "quick" : "full",
    command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`,
    machine: { ...info, loadAverageAtEnd: os.loadavg().map((load) => round(load, 2)) },
    database: db ? { kind: db.kind } : null,
    config,
    results,
    targets: evaluated,
  };
  const resultsDir = path.join(benchDir, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date(started).toISOString().replace(/[:.]/g, "-");
  const markdown = `${table(results)}\n\nTargets (ratios against Hocuspocus in the same run${config.quick ? "; QUICK run: smaller stand-ins, not the real targets" : ""}):\n\n${targetTable(evaluated)}\n`;
  fs.writeFileSync(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, `${stamp}.md`), markdown);
  console.log(`\n${markdown}`);
  console.log(`[bench] done in ${totalSeconds} s; results in bench/results/${stamp}.json (.md)`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
