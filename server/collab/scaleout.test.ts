import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { sectionUpdates } from "@/db/schema";
import { type Bus, createBus, setBus } from "@/server/bus";
import { appendSectionUpdates, compactSectionDocument, loadSectionDocument } from "@/server/collab/persistence";
import { type CollabProcess, createDurableDatabase, type DurableDatabase, startCollabProcess } from "@/server/testing/collab-process";
import { connectClient, eventually, makeSection, sessionCookie, type TestClient } from "@/server/testing/collab";
import { expectConverged, vectorOf } from "@/server/testing/convergence";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { seededRandom } from "@/server/testing/random";
import { applyRandomEdit, bodyOf } from "@/server/testing/random-edits";

/**
 * Several app instances (separate processes) sharing PostgreSQL and Redis. Processes cannot share
 * the embedded database, so these tests use the PostgreSQL server in both test runs (the one of
 * TEST_DATABASE_URL, else the machine's at 127.0.0.1:5432), and the Redis at 127.0.0.1:6379 (or
 * TEST_REDIS_URL) with a channel prefix of their own; the outage test runs a private redis-server.
 */
const POSTGRES = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const REDIS = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `xz-test-${process.pid}-${Date.now()}:`;

let durable: DurableDatabase;
let handle: DbHandle;
let departmentId: string;
const processes: CollabProcess[] = [];
const clients: TestClient[] = [];

async function instance(env: Record<string, string> = {}) {
  const started = await startCollabProcess({ ...durable.env, COLLAB_REDIS_URL: REDIS, COLLAB_REDIS_PREFIX: prefix, ...env });
  processes.push(started);
  return started;
}

async function editor() {
  return makeUser(handle.db, { role: "editor", departmentId });
}

async function client(server: CollabProcess, sectionId: string, user: { id: string; sessionVersion: number }, doc = new Y.Doc()) {
  const connected = connectClient(server.wsBase, sectionId, await sessionCookie(user), server.origin, doc);
  clients.push(connected);
  await eventually(() => expect(connected.provider.synced).toBe(true), 15_000);
  return connected;
}

async function stop(server: CollabProcess) {
  server.child.kill("SIGTERM");
  await server.exited;
}

beforeAll(async () => {
  durable = await createDurableDatabase({ serverUrl: POSTGRES });
  handle = await durable.open();
  await runMigrations(handle);
  departmentId = (await makeDepartment(handle.db)).id;
}, 60_000);

afterAll(async () => {
  for (const connected of clients) connected.destroy();
  await Promise.all(processes.map((server) => (server.child.exitCode === null ? stop(server) : undefined)));
  setBus(undefined);
  await handle?.close();
  await durable?.drop();
}, 60_000);

describe("several instances on PostgreSQL and Redis", () => {
  it("clients on two instances editing one section with seeded random edits end with identical documents on both and in the database", async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    const sectionId = (await makeSection(handle.db, departmentId, "两个实例")).id;
    const random = seededRandom(6001);
    const onA = [await client(a, sectionId, await editor()), await client(a, sectionId, await editor())];
    const onB = [await client(b, sectionId, await editor()), await client(b, sectionId, await editor())];
    const everyone = [...onA, ...onB];
    // Live: a paragraph typed on A shows on B (no sticky sessions; only Redis between them).
    const hello = new Y.XmlElement("paragraph");
    hello.insert(0, [new Y.XmlText("来自实例A")]);
    bodyOf(onA[0]!.doc).push([hello]);
    await eventually(() => expect(bodyOf(onB[1]!.doc).toString()).toContain("来自实例A"), 5000);
    for (let round = 0; round < 300; round++) {
      applyRandomEdit(random.pick(everyone).doc, random);
      if (round % 10 === 0) await new Promise((resolve) => setTimeout(resolve, random.int(0, 15)));
    }
    // Every client sees everything, and each was told it is committed — edits made on the other instance included.
    await expectConverged(handle.db, sectionId, everyone, 20_000);
    // Presence crosses instances too.
    onB[0]!.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    await eventually(() => expect(onA[0]!.provider.awareness.getStates().has(onB[0]!.doc.clientID)).toBe(true), 5000);
  }, 90_000);

  it("a user disabled through one instance loses their socket on another within 2 s (its own periodic check is off)", async () => {
    const b = await instance({ COLLAB_PERMISSION_CHECK_MS: "600000" });
    const sectionId = (await makeSection(handle.db, departmentId, "撤销")).id;
    const user = await editor();
    const connected = await client(b, sectionId, user);
    // This test process plays instance A: its tRPC router publishes the access change on the shared Redis.
    const bus: Bus = createBus(REDIS, prefix);
    setBus(bus);
    try {
      await eventually(() => expect(bus.connected()).toBe(true), 5000);
      const admin = (await sessionOf(handle.db, await makeUser(handle.db, { role: "admin", departmentId })))!;
      const started = Date.now();
      await callerFor(handle.db, admin).user.disable({ userId: user.id });
      await eventually(() => expect(connected.closeEvents.map((event) => event.code)).toContain(4401), 2000);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      setBus(undefined);
      await bus.close();
    }
  }, 60_000);

  it("two instances compacting the same section at once, while updates keep coming, lose and duplicate nothing", async () => {
    const sectionId = (await makeSection(handle.db, departmentId, "压缩")).id;
    const other = await durable.open();
    const source = new Y.Doc();
    const { doc: stored } = await loadSectionDocument(handle.db, sectionId);
    Y.applyUpdate(source, Y.encodeStateAsUpdate(stored));
    const updates: Uint8Array[] = [];
    source.on("update", (update: Uint8Array) => updates.push(update));
    const random = seededRandom(6003);
    const user = await editor();
    try {
      for (let round = 0; round < 12; round++) {
        updates.length = 0;
        for (let index = 0; index < 25; index++) applyRandomEdit(source, random);
        const rows = updates.map((update) => ({ update, userId: user.id }));
        // Appends on one connection while both instances compact on theirs.
        await Promise.all([
          appendSectionUpdates(handle.db, sectionId, rows.slice(0, 12)),
          compactSectionDocument(handle.db, sectionId),
          compactSectionDocument(other.db, sectionId),
          appendSectionUpdates(other.db, sectionId, rows.slice(12)),
        ]);
      }
      await compactSectionDocument(other.db, sectionId);
      expect(await handle.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId))).toEqual([]);
      const { doc } = await loadSectionDocument(handle.db, sectionId);
      expect(vectorOf(doc)).toEqual(vectorOf(source));
      expect(bodyOf(doc).toString()).toBe(bodyOf(source).toString());
    } finally {
      await other.close();
    }
  }, 60_000);
});

/** A private redis-server this test may stop and start again on the same port. */
class PrivateRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("Redis outage", () => {
  it("both instances keep serving their own clients while Redis is down, and the documents are identical within 2 s of it coming back", async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    try {
      const env = { COLLAB_REDIS_URL: redis.url };
      const [a, b] = await Promise.all([instance(env), instance(env)]);
      const sectionId = (await makeSection(handle.db, departmentId, "断线")).id;
      const onA = [await client(a, sectionId, await editor()), await client(a, sectionId, await editor())];
      const onB = [await client(b, sectionId, await editor())];
      const everyone = [...onA, ...onB];
      const random = seededRandom(6002);
      for (let round = 0; round < 40; round++) applyRandomEdit(random.pick(everyone).doc, random);
      await expectConverged(handle.db, sectionId, everyone, 15_000);

      // What /api/health reports comes from the bus: it sees Redis go and come back.
      const observer = createBus(redis.url, prefix);
      await eventually(() => expect(observer.connected()).toBe(true), 5000);

      await redis.stop();
      await eventually(() => expect(observer.connected()).toBe(false), 2000);
      // 3 s of editing on both sides: each instance still relays among its own clients.
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        applyRandomEdit(random.pick(everyone).doc, random);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await eventually(() => expect(vectorOf(onA[1]!.doc)).toEqual(vectorOf(onA[0]!.doc)), 5000);
      expect(vectorOf(onB[0]!.doc)).not.toEqual(vectorOf(onA[0]!.doc));

      await redis.start();
      const back = Date.now();
      await expectConverged(handle.db, sectionId, everyone, 2000);
      expect(Date.now() - back).toBeLessThan(2500);
      await eventually(() => expect(observer.connected()).toBe(true), 5000);
      await observer.close();
    } finally {
      await redis.stop();
    }
  }, 90_000);
});
