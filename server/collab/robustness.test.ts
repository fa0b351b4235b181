import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { sectionUpdates } from "@/db/schema";
import { CLOSE_MESSAGE_TOO_BIG, CLOSE_PROTOCOL_ABUSE, CLOSE_RATE_LIMITED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient } from "@/server/testing/collab";
import { expectConverged, vectorOf } from "@/server/testing/convergence";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { type GarbageFrame, garbageFrameSparing, ValidMessages } from "@/server/testing/garbage-frames";
import { seededRandom } from "@/server/testing/random";
import { applyRandomEdit, bodyOf } from "@/server/testing/random-edits";

const FRAMES = 10_000;
/** Frames drawn against one snapshot of the honest clients' clocks. */
const CHUNK = 20;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let departmentId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  app = await startCollabServer(database.db);
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * A raw socket of an editor that sends frames one at a time, each followed by a ping. The server
 * handles a socket's messages in order, so a pong proves that the frame was handled on an open
 * connection; a close proves that it was handled too, and refused (4400 malformed, 1009 too big),
 * unless the close is the rate limit's (4429): that frame was not read and goes again. A refused
 * frame closes the socket, so the next goes on a new one: every frame is handled once by a server
 * that still listens to the socket.
 */
class GarbageSender {
  private socket: WebSocket | null = null;
  readonly closeCodes: number[] = [];
  private pings = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  private async open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return this.socket;
    const socket = new WebSocket(this.url, { headers: this.headers });
    socket.on("close", (code) => this.closeCodes.push(code));
    socket.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    this.socket = socket;
    return socket;
  }

  /** Sends one frame; true once it was handled (answered or refused), false when it must go again. */
  private async tryFrame(frame: GarbageFrame): Promise<boolean> {
    const socket = await this.open();
    const marker = `frame-${++this.pings}`;
    const handled = new Promise<boolean>((resolve) => {
      const onPong = (data: Buffer) => {
        if (data.toString() !== marker) return;
        socket.off("close", onClose);
        socket.off("pong", onPong);
        resolve(true);
      };
      const onClose = (code: number) => {
        socket.off("pong", onPong);
        resolve(code !== CLOSE_RATE_LIMITED);
      };
      socket.on("pong", onPong);
      socket.once("close", onClose);
    });
    socket.send(frame, { binary: typeof frame !== "string" });
    socket.ping(marker);
    return handled;
  }

  async send(frames: GarbageFrame[]): Promise<void> {
    for (const frame of frames) {
      let attempt = 0;
      while (!(await this.tryFrame(frame))) if (++attempt === 5) throw new Error("a garbage frame was never handled");
    }
  }

  close() {
    this.socket?.close();
  }
}

describe("collaboration: robustness against garbage frames", () => {
  it("10,000 seeded garbage frames from one socket: the server stays up and two honest editors converge with the database", async () => {
    const seed = 20240601;
    const garbageRandom = seededRandom(seed);
    const honestRandom = seededRandom(seed + 1);
    const sectionId = (await makeSection(database.db, departmentId, "初始内容")).id;
    const attacker = await makeUser(database.db, { role: "editor", departmentId });
    const honest: TestClient[] = [];
    const honestClientIds = new Set<number>();
    const honestUserIds: string[] = [];
    const honestClient = async () => {
      const doc = new Y.Doc();
      doc.clientID = garbageRandom.int(1, 2 ** 31);
      honestClientIds.add(doc.clientID);
      const user = await makeUser(database.db, { role: "editor", departmentId });
      honestUserIds.push(user.id);
      honest.push(connectClient(app.wsBase, sectionId, await sessionCookie(user), app.origin, doc));
    };
    await honestClient();
    await honestClient();
    // Drawn now, so the garbage cannot write under the newcomer's id either.
    const newcomer = new Y.Doc();
    newcomer.clientID = garbageRandom.int(1, 2 ** 31);
    honestClientIds.add(newcomer.clientID);
    const valid = new ValidMessages(garbageRandom);
    const sender = new GarbageSender(`${app.wsBase}/${sectionId}`, { origin: app.origin, cookie: await sessionCookie(attacker) });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    // The server's log lines about closed sockets (kept out of the test output: thousands).
    const warned: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(" ")));
    try {
      await eventually(() => honest.forEach((client) => expect(client.provider.synced).toBe(true)), 20_000);
      let garbageDone = false;
      const honestEditing = (async () => {
        while (!garbageDone) {
          const client = honestRandom.pick(honest);
          if (honestRandom.chance(0.03)) {
            if (client.provider.shouldConnect) client.provider.disconnect();
            else client.provider.connect();
          } else applyRandomEdit(client.doc, honestRandom);
          await new Promise((resolve) => setTimeout(resolve, honestRandom.int(5, 25)));
        }
      })();
      try {
        for (let sent = 0; sent < FRAMES; sent += CHUNK) {
          valid.follow(honest[0]!.doc);
          // Each honest client's clock (its own doc knows it best); the newcomer has written nothing yet.
          const clocks = new Map([...honestClientIds].map((clientId) => [clientId, Math.max(0, ...honest.map((client) => vectorOf(client.doc)[clientId] ?? 0))]));
          await sender.send(Array.from({ length: Math.min(CHUNK, FRAMES - sent) }, () => garbageFrameSparing(garbageRandom, valid, clocks)));
        }
      } finally {
        garbageDone = true;
        await honestEditing;
      }
      sender.close();
      // Malformed frames closed the socket (4400; 1009 for the occasional frame over 2 MiB; 4429
      // when it sent too fast), each with one line in the log, and nothing else did.
      const refusals = sender.closeCodes.filter((code) => code !== 1005 && code !== 1000);
      expect(refusals.filter((code) => code === CLOSE_PROTOCOL_ABUSE).length).toBeGreaterThan(FRAMES / 2);
      expect(refusals.filter((code) => ![CLOSE_PROTOCOL_ABUSE, CLOSE_MESSAGE_TOO_BIG, CLOSE_RATE_LIMITED].includes(code))).toEqual([]);
      expect(warned.filter((line) => line.includes(attacker.id))).toHaveLength(refusals.length);
      // No honest client was taken for an attacker (an edit typed while reconnecting may arrive
      // before the offline edits it builds on: that is not malformed).
      expect(warned.filter((line) => honestUserIds.some((id) => line.includes(id)))).toEqual([]);

      for (const client of honest) if (!client.provider.shouldConnect) client.provider.connect();
      // The room still takes and relays honest edits after the abuse.
      honest.forEach((client, index) => {
        const marker = new Y.XmlElement("paragraph");
        marker.insert(0, [new Y.XmlText(`after-garbage-${index}`)]);
        bodyOf(client.doc).push([marker]);
      });
      // A newcomer joins too: the room still serves the same document to a fresh client.
      const newcomerUser = await makeUser(database.db, { role: "editor", departmentId });
      honest.push(connectClient(app.wsBase, sectionId, await sessionCookie(newcomerUser), app.origin, newcomer));
      await expectConverged(database.db, sectionId, honest, 20_000);
      expect(bodyOf(honest[2]!.doc).toString()).toContain("after-garbage-0");
      expect(bodyOf(honest[2]!.doc).toString()).toContain("after-garbage-1");
      expect(uncaught).toEqual([]);
      // Yjs changes a client's id when a remote update writes under it: the garbage never did.
      expect(new Set(honest.map((client) => client.doc.clientID))).toEqual(honestClientIds);
    } finally {
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
      warn.mockRestore();
      sender.close();
      valid.destroy();
      for (const client of honest) client.destroy();
    }
  }, 180_000);

  it("an update of a few bytes declaring millions of structs is refused without allocating for them", async () => {
    const sectionId = (await makeSection(database.db, departmentId, "初始内容")).id;
    const attacker = await makeUser(database.db, { role: "editor", departmentId });
    const sender = new GarbageSender(`${app.wsBase}/${sectionId}`, { origin: app.origin, cookie: await sessionCookie(attacker) });
    // [1 client][2^25 - 1 structs][client 12345][clock 0][one byte]: Yjs used to run
    // `new Array(33554431)` (~200 ms and 256 MB) before noticing the update is 9 bytes long.
    const update = frame((encoder) => {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 2 ** 25 - 1);
      encoding.writeVarUint(encoder, 12345);
      encoding.writeVarUint(encoder, 0);
      encoding.writeUint8(encoder, 0);
    });
    const message = frame((encoder) => {
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
    });
    try {
      const started = Date.now();
      await sender.send(Array.from({ length: 30 }, () => message));
      // Unbounded, the 30 frames take about 6 s of blocked event loop; refused up front, milliseconds.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      sender.close();
    }
  });

  it("an update whose dependencies never arrived is not kept waiting in the room: new clients sync and nothing of it is stored", async () => {
    const sectionId = (await makeSection(database.db, departmentId, "初始内容")).id;
    const attacker = await makeUser(database.db, { role: "editor", departmentId });
    const sender = new GarbageSender(`${app.wsBase}/${sectionId}`, { origin: app.origin, cookie: await sessionCookie(attacker) });
    // Structs 3.. of client 777 without 0..2: Yjs would keep them "pending" forever, and send them
    // to every client joining (which then hold them pending too).
    const forged = new Y.Doc();
    forged.clientID = 777;
    const updates: Uint8Array[] = [];
    forged.on("update", (update: Uint8Array) => updates.push(update));
    bodyOf(forged).insert(0, [new Y.XmlText("abc")]);
    bodyOf(forged).insert(1, [new Y.XmlText("def")]);
    const message = frame((encoder) => {
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, updates[1]!);
    });
    const user = await makeUser(database.db, { role: "editor", departmentId });
    let newcomer: TestClient | null = null;
    try {
      await sender.send([message]);
      const room = await app.collab.room(sectionId);
      await eventually(() => expect(room.doc.store.pendingStructs).toBeNull());
      newcomer = connectClient(app.wsBase, sectionId, await sessionCookie(user), app.origin);
      await eventually(() => expect(newcomer!.provider.synced).toBe(true), 10_000);
      expect(newcomer.doc.store.pendingStructs).toBeNull();
      expect(vectorOf(newcomer.doc)[777]).toBeUndefined();
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("正常编辑")]);
      bodyOf(newcomer.doc).push([paragraph]);
      await expectConverged(database.db, sectionId, [newcomer], 10_000);
    } finally {
      sender.close();
      newcomer?.destroy();
    }
  });

  it("an update repeating structs the document has, with other content, goes out and into the log only as what it changed", async () => {
    const sectionId = (await makeSection(database.db, departmentId, "初始内容")).id;
    const attacker = await makeUser(database.db, { role: "editor", departmentId });
    const sender = new GarbageSender(`${app.wsBase}/${sectionId}`, { origin: app.origin, cookie: await sessionCookie(attacker) });
    const updateMessage = (update: Uint8Array) =>
      frame((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
      });
    // Client 4242 writes "abcde"; a second document under the same id writes "vwxyz" at the same
    // clocks, then appends "!!" (new clocks, after the "e" the server has).
    const genuine = new Y.Doc();
    genuine.clientID = 4242;
    const text = new Y.XmlText("abcde");
    bodyOf(genuine).insert(0, [text]);
    const forged = new Y.Doc();
    forged.clientID = 4242;
    const forgedText = new Y.XmlText("vwxyz");
    bodyOf(forged).insert(0, [forgedText]);
    forgedText.insert(5, "!!");
    // A reader's socket sees every update the room sends.
    const reader = await makeUser(database.db, { role: "leader", departmentId });
    const listener = new WebSocket(`${app.wsBase}/${sectionId}`, { headers: { origin: app.origin, cookie: await sessionCookie(reader) } });
    const received: Buffer[] = [];
    listener.on("message", (data: Buffer) => received.push(data));
    await new Promise((resolve, reject) => listener.once("open", resolve).once("error", reject));
    const logged = async () => (await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId))).map((row) => Buffer.from(row.update));
    try {
      await sender.send([updateMessage(Y.encodeStateAsUpdate(genuine))]);
      await sender.send([updateMessage(Y.encodeStateAsUpdate(forged))]);
      const room = await app.collab.room(sectionId);
      await eventually(async () => expect((await logged()).some((row) => row.includes("!!"))).toBe(true), 10_000);
      expect(bodyOf(room.doc).toString()).toContain("abcde!!");
      await eventually(() => expect(received.some((data) => data.includes("!!"))).toBe(true));
      expect((await logged()).some((row) => row.includes("abcde"))).toBe(true);
      // Neither the room's messages nor the update log carry the repeated structs' other content.
      expect(received.some((data) => data.includes("vwxyz"))).toBe(false);
      expect((await logged()).some((row) => row.includes("vwxyz"))).toBe(false);
    } finally {
      sender.close();
      listener.close();
    }
  });
});
