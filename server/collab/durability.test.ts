import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import type { DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { CLOSE_SERVER_RESTARTING, MESSAGE_SAVED } from "@/lib/collab/protocol";
import { loadSectionDocument } from "@/server/collab/persistence";
import { connectClient, eventually, makeSection, sessionCookie, type TestClient } from "@/server/testing/collab";
import { type CollabProcess, createDurableDatabase, type DurableDatabase, startCollabProcess } from "@/server/testing/collab-process";
import { ownEditsCommitted, vectorOf } from "@/server/testing/convergence";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { type Random, seededRandom } from "@/server/testing/random";
import { bodyOf } from "@/server/testing/random-edits";

const KILLS = 20;
/** Small, so that kills also land inside compactions. */
const COMPACT_AFTER_ROWS = 12;

let database: DurableDatabase;
let departmentId: string;
const cookies: string[] = [];
/** The port every restart listens on, so the clients' own reconnect loop finds the new process. */
let port = 0;
let running: CollabProcess | null = null;

beforeAll(async () => {
  database = await createDurableDatabase();
  const handle = await database.open();
  try {
    await runMigrations(handle);
    departmentId = (await makeDepartment(handle.db)).id;
    for (let index = 0; index < 3; index++) cookies.push(await sessionCookie(await makeUser(handle.db, { role: "editor", departmentId })));
  } finally {
    await handle.close();
  }
});
afterAll(async () => {
  if (running) {
    running.child.kill("SIGKILL");
    await running.exited;
  }
  await database?.drop();
});

/** Runs `read` against the database (PGlite only opens while no server process holds it). */
async function withDatabase<T>(read: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await database.open();
  try {
    return await read(handle);
  } finally {
    await handle.close();
  }
}

async function start(): Promise<CollabProcess> {
  running = await startCollabProcess({ ...database.env, COLLAB_COMPACT_AFTER_ROWS: String(COMPACT_AFTER_ROWS) }, port);
  port = running.port;
  return running;
}

async function stop(server: CollabProcess, signal: "SIGKILL" | "SIGTERM") {
  server.child.kill(signal);
  const exit = await server.exited;
  running = null;
  return exit;
}

type Edit = { label: string; clock: number; wentOut: boolean };

/**
 * A client typing numbered paragraphs ("c1-17") at seeded intervals, online or not. It records its
 * own clock after every edit and the highest own clock any MESSAGE_SAVED vector has covered.
 */
class Typist {
  readonly client: TestClient;
  readonly edits: Edit[] = [];
  /** Highest own clock the server has announced as committed. */
  confirmed = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    server: CollabProcess,
    sectionId: string,
    cookie: string,
    private readonly random: Random,
  ) {
    const doc = new Y.Doc();
    doc.clientID = random.int(1, 2 ** 31);
    this.client = connectClient(server.wsBase, sectionId, cookie, server.origin, doc);
    const readSaved = this.client.provider.messageHandlers[MESSAGE_SAVED]!;
    this.client.provider.messageHandlers[MESSAGE_SAVED] = (...args) => {
      readSaved(...args);
      const covered = Y.decodeStateVector(this.client.committed()!).get(doc.clientID) ?? 0;
      this.confirmed = Math.max(this.confirmed, covered);
    };
  }

  get clientId() {
    return this.client.doc.clientID;
  }

  /** Types one paragraph; `wentOut`: it was handed to an open socket and nothing is left buffered. */
  type(): Edit {
    const label = `${this.name}-${this.edits.length + 1}`;
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(label)]);
    bodyOf(this.client.doc).push([paragraph]);
    const ws = this.client.provider.ws;
    const wentOut = this.client.provider.wsconnected && ws !== null && ws.readyState === WebSocket.OPEN && ws.bufferedAmount === 0;
    const edit = { label, clock: vectorOf(this.client.doc)[this.clientId]!, wentOut };
    this.edits.push(edit);
    return edit;
  }

  startTyping() {
    const next = () => {
      this.type();
      this.timer = setTimeout(next, this.random.int(5, 40));
    };
    this.timer = setTimeout(next, this.random.int(5, 40));
  }

  stopTyping() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function storedLabels(doc: Y.Doc): Set<string> {
  return new Set(bodyOf(doc).toArray().map((node) => (node instanceof Y.XmlElement ? node.toArray().join("") : "")));
}

/** Every edit the server confirmed before it died is in the stored document. */
function expectConfirmedStored(stored: Y.Doc, typists: Typist[], extra: (edit: Edit) => boolean = () => false) {
  const labels = storedLabels(stored);
  const storedVector = vectorOf(stored);
  for (const typist of typists) {
    expect(storedVector[typist.clientId] ?? 0, `${typist.name}'s confirmed clock is stored`).toBeGreaterThanOrEqual(typist.confirmed);
    const lost = typist.edits.filter((edit) => (edit.clock <= typist.confirmed || extra(edit)) && !labels.has(edit.label));
    expect(lost.map((edit) => edit.label), `${typist.name}'s confirmed edits`).toEqual([]);
  }
}

async function storedDocument(sectionId: string): Promise<Y.Doc> {
  return withDatabase(async (handle) => (await loadSectionDocument(handle.db, sectionId)).doc);
}

async function newSection(): Promise<string> {
  return withDatabase(async (handle) => (await makeSection(handle.db, departmentId, "初始内容")).id);
}

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("collaboration: durability across crashes and restarts", () => {
  it(`${KILLS} SIGKILLs at seeded moments lose no edit the server had confirmed as committed`, async () => {
    const random = seededRandom(7001);
    const sectionId = await newSection();
    let server = await start();
    const typists = cookies.map((cookie, index) => new Typist(`c${index + 1}`, server, sectionId, cookie, seededRandom(7100 + index)));
    let roundsWithNewConfirmations = 0;
    try {
      for (const typist of typists) typist.startTyping();
      for (let round = 0; round < KILLS; round++) {
        if (round > 0) server = await start();
        await eventually(() => typists.forEach((typist) => expect(typist.client.provider.synced).toBe(true)), 20_000);
        const confirmedBefore = typists.map((typist) => typist.confirmed);
        await pause(random.int(20, 500));
        const exit = await stop(server, "SIGKILL");
        expect(exit.signal).toBe("SIGKILL");
        if (typists.some((typist, index) => typist.confirmed > confirmedBefore[index]!)) roundsWithNewConfirmations += 1;
        const stored = await storedDocument(sectionId);
        expectConfirmedStored(stored, typists);
        stored.destroy();
      }
      // Not vacuous: the server confirmed edits in most rounds, so most kills had commits around them.
      expect(roundsWithNewConfirmations).toBeGreaterThanOrEqual(KILLS / 2);

      // After a last restart the clients hand over what the crashes cut off: nothing typed is lost.
      for (const typist of typists) typist.stopTyping();
      server = await start();
      await eventually(() => {
        for (const typist of typists) {
          expect(typist.client.provider.synced).toBe(true);
          expect(ownEditsCommitted(typist.client.committed(), typist.client.doc)).toBe(true);
        }
      }, 20_000);
      await stop(server, "SIGTERM");
      const stored = await storedDocument(sectionId);
      const labels = storedLabels(stored);
      for (const typist of typists) expect(typist.edits.filter((edit) => !labels.has(edit.label)).map((edit) => edit.label)).toEqual([]);
      for (const typist of typists) {
        expect(vectorOf(stored)).toEqual(vectorOf(typist.client.doc));
        expect(bodyOf(stored).toString()).toBe(bodyOf(typist.client.doc).toString());
      }
      stored.destroy();
    } finally {
      for (const typist of typists) {
        typist.stopTyping();
        typist.client.destroy();
      }
    }
  }, 300_000);

  it("SIGTERM stores every edit the server received, closes sockets with 1012 and exits within 5 s, even with a stalled client", async () => {
    const random = seededRandom(7002);
    const sectionId = await newSection();
    const server = await start();
    const typists = cookies.map((cookie, index) => new Typist(`t${index + 1}`, server, sectionId, cookie, seededRandom(7200 + index)));
    // A client that stops reading (a suspended laptop): it never answers the close handshake.
    const stalled = new WebSocket(`${server.wsBase}/${sectionId}`, { headers: { origin: server.origin, cookie: cookies[0]! } });
    stalled.on("error", () => undefined);
    try {
      await new Promise((resolve) => stalled.once("open", resolve));
      (stalled as unknown as { _socket: { pause: () => void } })._socket.pause();
      await eventually(() => typists.forEach((typist) => expect(typist.client.provider.synced).toBe(true)), 20_000);
      for (const typist of typists) typist.startTyping();
      await pause(random.int(100, 400));
      // A burst right before the signal: these are on the wire (or in the server's socket buffer) when it arrives.
      for (const typist of typists) for (let burst = 0; burst < 5; burst++) typist.type();
      const sentBefore = typists.flatMap((typist) => typist.edits.filter((edit) => edit.wentOut));
      const signalledAt = Date.now();
      server.child.kill("SIGTERM");
      // The clients keep typing while the server shuts down; those edits are not asserted here.
      const exit = await server.exited;
      const exitMs = Date.now() - signalledAt;
      running = null;
      for (const typist of typists) typist.stopTyping();
      expect(exit, server.stderr()).toEqual({ code: 0, signal: null });
      expect(exitMs).toBeLessThan(5000);
      for (const typist of typists) expect(typist.client.closeEvents.map((event) => event.code)).toContain(CLOSE_SERVER_RESTARTING);
      expect(sentBefore.length).toBeGreaterThanOrEqual(15);

      const stored = await storedDocument(sectionId);
      const sentLabels = new Set(sentBefore.map((edit) => edit.label));
      expectConfirmedStored(stored, typists, (edit) => sentLabels.has(edit.label));
      stored.destroy();
    } finally {
      stalled.terminate();
      for (const typist of typists) {
        typist.stopTyping();
        typist.client.destroy();
      }
    }
  }, 60_000);
});
