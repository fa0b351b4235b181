import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_RATE_LIMITED,
  CLOSE_SECTION_TOO_LARGE,
  MAX_MESSAGE_BYTES,
  MAX_SECTION_BYTES,
  MESSAGE_QUERY_AWARENESS,
} from "@/lib/collab/protocol";
import { loadSectionDocument } from "@/server/collab/persistence";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient, textOf, typeInto } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { DEFAULT_MESSAGE_RATE } from "./connection";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let departmentId: string;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  app = await startCollabServer(database.db);
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  for (const connected of clients) connected.destroy();
  await app?.close();
  await database?.drop();
});

async function editor() {
  return makeUser(database.db, { role: "editor", departmentId });
}

async function client(sectionId: string) {
  const connected = connectClient(app.wsBase, sectionId, await sessionCookie(await editor()), app.origin);
  clients.push(connected);
  await eventually(() => expect(connected.provider.synced).toBe(true));
  return connected;
}

/** A raw socket of an editor of the section, open; `closed` resolves with the code the server closed it with. */
async function rawSocket(sectionId: string) {
  const socket = new WebSocket(`${app.wsBase}/${sectionId}`, { headers: { origin: app.origin, cookie: await sessionCookie(await editor()) } });
  sockets.push(socket);
  socket.on("error", () => undefined);
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("close", (code) => reject(new Error(`closed with ${code} before opening`)));
  });
  return { socket, closed };
}

/** Whether the socket still answers: a ping's pong comes back after every frame sent before it was handled. */
function answers(socket: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.readyState !== WebSocket.OPEN) return resolve(false);
    socket.once("pong", () => resolve(true));
    socket.once("close", () => resolve(false));
    socket.ping();
  });
}

/** An edit by `from` reaches `to`: the room still relays and the server still runs. */
async function stillRelays(from: TestClient, to: TestClient, marker: string) {
  typeInto(from.doc, marker);
  await eventually(() => expect(textOf(to.doc)).toContain(marker), 10_000);
}

describe("collaboration limits: message size", () => {
  it("a message over 2 MiB closes its socket with 1009 as soon as its header arrives, before its body; the room carries on", async () => {
    const sectionId = (await makeSection(database.db, departmentId)).id;
    const [first, second] = [await client(sectionId), await client(sectionId)];

    // Only a frame header announcing 3 MiB and ten bytes of the body: the close comes anyway,
    // so the server did not wait for (or keep) the rest.
    const { socket, closed } = await rawSocket(sectionId);
    const header = Buffer.alloc(14);
    header[0] = 0x82; // FIN, binary
    header[1] = 0x80 | 127; // masked, 64-bit length
    header.writeBigUInt64BE(BigInt(3 * 1024 * 1024), 2);
    header.writeUInt32BE(0x01020304, 10); // masking key
    (socket as unknown as { _socket: Socket })._socket.write(Buffer.concat([header, Buffer.alloc(10)]));
    expect(await closed).toBe(CLOSE_MESSAGE_TOO_BIG);

    // A whole message one byte over the limit, sent normally, is refused the same way.
    const whole = await rawSocket(sectionId);
    whole.socket.send(new Uint8Array(MAX_MESSAGE_BYTES + 1));
    expect(await whole.closed).toBe(CLOSE_MESSAGE_TOO_BIG);

    await stillRelays(first, second, "after-too-big");
  });
});

describe("collaboration limits: message rate", () => {
  it(`a socket sending over ${DEFAULT_MESSAGE_RATE.burst} messages at once is closed with 4429; one under the limit is not; the room carries on`, async () => {
    const sectionId = (await makeSection(database.db, departmentId)).id;
    const [first, second] = [await client(sectionId), await client(sectionId)];

    const calm = await rawSocket(sectionId);
    for (let index = 0; index < DEFAULT_MESSAGE_RATE.burst / 2; index++) calm.socket.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    expect(await answers(calm.socket)).toBe(true);

    const flood = await rawSocket(sectionId);
    for (let index = 0; index < DEFAULT_MESSAGE_RATE.burst * 2; index++) flood.socket.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    expect(await flood.closed).toBe(CLOSE_RATE_LIMITED);

    expect(await answers(calm.socket)).toBe(true);
    await stillRelays(first, second, "after-flood");
  });
});

describe("collaboration limits: section size", () => {
  it("an update that would take the section past 10 MiB is refused with 4413: not applied, relayed or stored; smaller edits still are", async () => {
    const sectionId = (await makeSection(database.db, departmentId)).id;
    const [writer, reader] = [await client(sectionId), await client(sectionId)];
    // Each paragraph's update is just under the message limit; the sixth would pass the section's.
    const chunk = 1_900_000;
    const paragraphs = Math.floor(MAX_SECTION_BYTES / chunk);
    for (let index = 0; index < paragraphs; index++) {
      typeInto(writer.doc, `big-${index}:${"x".repeat(chunk)}`);
      await eventually(() => expect(textOf(reader.doc)).toContain(`big-${index}:`), 20_000);
    }
    typeInto(writer.doc, `too-much:${"y".repeat(chunk)}`);
    await eventually(() => expect(writer.closeEvents.map((event) => event.code)).toContain(CLOSE_SECTION_TOO_LARGE), 20_000);

    const late = await client(sectionId);
    await stillRelays(reader, late, "reader-still-edits");
    expect(textOf(late.doc)).toContain(`big-${paragraphs - 1}:`);
    expect(textOf(late.doc)).toContain("reader-still-edits");
    expect(textOf(late.doc)).not.toContain("too-much");
    expect(textOf(reader.doc)).not.toContain("too-much");
    await eventually(async () => {
      const stored = textOf((await loadSectionDocument(database.db, sectionId)).doc);
      expect(stored).toContain("reader-still-edits");
      expect(stored).not.toContain("too-much");
    }, 10_000);
  }, 60_000);
});
