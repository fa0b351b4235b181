/**
 * Starts one benchmark server in a child process pinned to its own core (`taskset -c <core>`),
 * with --expose-gc, and talks to it over the IPC channel (bench/servers/report.ts).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ServerStats } from "../servers/report";
import { SERVER_NODE_FLAGS } from "@/server/memory";

export type ServerKind = "ours" | "hocuspocus" | "ywsref";
export const SERVER_KINDS: ServerKind[] = ["ours", "hocuspocus", "ywsref"];

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

const serversDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "servers");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class ServerChild {
  private nextId = 1;
  private readonly waiting = new Map<number, (stats: ServerStats) => void>();
  info: Record<string, unknown> = {};
  exited = false;
  readonly output: string[] = [];

  private constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly process: ChildProcess,
  ) {}

  get pid(): number {
    return this.process.pid!;
  }

  static async start(kind: ServerKind, options: { core: number; env?: Record<string, string>; timeoutMs?: number }): Promise<ServerChild> {
    const port = await freePort();
    const script = path.join(serversDir, `${kind}.ts`);
    const child = spawn(
      "taskset",
      // BENCH_CHILD_NODE_OPTIONS: extra node flags for the server children (e.g. --cpu-prof when diagnosing).
      // Our server runs with the flags it is started with in production (server/memory.ts).
      ["-c", String(options.core), process.execPath, "--expose-gc", ...(kind === "ours" ? SERVER_NODE_FLAGS : []), ...(process.env.BENCH_CHILD_NODE_OPTIONS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", script],
      {
        cwd: path.join(serversDir, "..", ".."),
        env: { ...process.env, ...options.env, BENCH_PORT: String(port), NODE_ENV: "production" },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      },
    );
    const handle = new ServerChild(kind, port, child);
    // BENCH_CHILD_OUTPUT: also append every child's output to this file (e.g. with --trace-gc).
    const copyTo = process.env.BENCH_CHILD_OUTPUT;
    const keep = (chunk: Buffer) => {
      if (copyTo) fs.appendFileSync(copyTo, chunk);
      handle.output.push(chunk.toString());
      if (handle.output.length > 200) handle.output.splice(0, 100);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.on("exit", () => {
      handle.exited = true;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server did not start in time:\n${handle.output.join("")}`)), options.timeoutMs ?? 60_000);
      child.on("message", (raw) => {
        const message = raw as ChildMessage;
        if (message.type === "ready") {
          clearTimeout(timer);
          handle.info = message.info ?? {};
          resolve();
        } else if (message.type === "error") {
          clearTimeout(timer);
          reject(new Error(`${kind} server failed: ${message.message}`));
        } else if (message.type === "reply") {
          handle.waiting.get(message.id)?.(message.stats);
          handle.waiting.delete(message.id);
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} server exited with ${code}:\n${handle.output.join("")}`));
      });
    });
    return handle;
  }

  private request(cmd: "stats" | "gc" | "resetPeak" | "quiet", timeoutMs = 60_000): Promise<ServerStats> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.kind} server did not answer "${cmd}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, (stats) => {
        clearTimeout(timer);
        resolve(stats);
      });
      this.process.send({ id, cmd });
    });
  }

  /**
   * CPU time and memory of the child read from /proc, without asking it: an overloaded server may
   * take minutes to get to an IPC message. CPU is user + system of all its threads (10 ms ticks),
   * peak RSS is the kernel's high-water mark (VmHWM).
   */
  procStats(): { cpuUs: number; cpuSystemUs: number; rss: number; peakRss: number } {
    const stat = fs.readFileSync(`/proc/${this.pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const status = fs.readFileSync(`/proc/${this.pid}/status`, "latin1");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return {
      cpuUs: ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND,
      cpuSystemUs: (Number(fields[12]) * 1e6) / TICKS_PER_SECOND,
      rss: kb("VmRSS"),
      peakRss: kb("VmHWM"),
    };
  }

  stats(): Promise<ServerStats> {
    return this.request("stats");
  }

  /**
   * CPU time (µs, nanosecond-exact) the child's threads have run so far, summed from
   * /proc/<pid>/task/<tid>/schedstat: read by the runner, so the child does nothing to answer it
   * (an IPC "stats" costs the child a memoryUsage() and a message, ~0.3–0.5 ms, inside the window it
   * measures). Threads that have already exited are not counted.
   */
  cpuNowUs(): number {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${this.pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${this.pid}/task/${task}/schedstat`, "latin1").split(" ")[0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return ns / 1000;
  }

  /** Stops the child's own sampling (event-loop monitor, memory sampler): see report.ts "quiet". */
  quiet(): Promise<ServerStats> {
    return this.request("quiet");
  }

  gc(): Promise<ServerStats> {
    return this.request("gc");
  }

  resetPeak(): Promise<ServerStats> {
    return this.request("resetPeak");
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
    // Ask first (a profile given by BENCH_CHILD_NODE_OPTIONS is written on a normal exit), then kill.
    try {
      this.process.send({ id: 0, cmd: "exit" });
    } catch {
      // The channel is already gone.
    }
    const asked = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]);
    if (asked) return;
    this.process.kill("SIGKILL");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}
