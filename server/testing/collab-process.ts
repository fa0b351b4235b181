import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type DbHandle, openDatabase } from "@/db/client";
import { COLLAB_TEST_SECRET } from "./collab";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverScript = path.join(projectRoot, "server/testing/collab-server-process.ts");

/**
 * A database that outlives processes: a fresh PostgreSQL database when TEST_DATABASE_URL is set,
 * otherwise a PGlite data directory on disk. PGlite allows one process at a time, so `open()` it
 * here only while no server process runs.
 */
export type DurableDatabase = {
  kind: "pglite" | "postgres";
  /** Environment telling collab-server-process.ts where the database is. */
  env: Record<string, string>;
  open: () => Promise<DbHandle>;
  drop: () => Promise<void>;
};

export async function createDurableDatabase(options: { serverUrl?: string } = {}): Promise<DurableDatabase> {
  const serverUrl = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "xz-collab-durable-"));
    return {
      kind: "pglite",
      env: { COLLAB_DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `xz_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: "postgres",
    env: { COLLAB_DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), dataDir: "" }),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export type CollabProcess = {
  child: ChildProcess;
  port: number;
  origin: string;
  wsBase: string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stderr (for failure messages). */
  stderr: () => string;
};

function spawnOnce(env: Record<string, string>, port: number): Promise<CollabProcess | "port-in-use"> {
  // Node itself, not `npx tsx`: a signal must reach the server, not a wrapper process.
  const child = spawn(process.execPath, ["--import", "tsx", serverScript], {
    cwd: projectRoot,
    env: { ...process.env, ...env, COLLAB_SECRET: COLLAB_TEST_SECRET, COLLAB_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`collab server process did not start in 60 s:\n${stderr}`));
    }, 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      const { port: listening } = JSON.parse(line) as { port: number };
      const origin = `http://127.0.0.1:${listening}`;
      resolve({ child, port: listening, origin, wsBase: `ws://127.0.0.1:${listening}/collab`, exited, stderr: () => stderr });
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      if (stderr.includes("EADDRINUSE")) resolve("port-in-use");
      else reject(new Error(`collab server process exited with ${code} before listening:\n${stderr}`));
    });
  });
}

/**
 * Starts collab-server-process.ts on `port` (0: any). Restarting on the same port lets the
 * clients' own reconnect loop find the new process; a port briefly held by a client socket that
 * connected to itself while nothing listened (TCP simultaneous open) is retried.
 */
export async function startCollabProcess(env: Record<string, string>, port = 0): Promise<CollabProcess> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const started = await spawnOnce(env, port);
    if (started !== "port-in-use") return started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`port ${port} stayed in use`);
}
