import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { loadSectionDocument, loadSectionState } from "@/server/collab/persistence";
import { CROWDED_ROOM, RoomAwareness, decodeAwarenessUpdate, encodeAwarenessEntries } from "@/server/collab/awareness";
import { SectionRoom, deleteSetDigest, defaultRoomOptions } from "@/server/collab/room";
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient, textOf, typeInto } from "@/server/testing/collab";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let department: string;
const clients: TestClient[] = [];


async function client(sectionId: string, user: { id: string; sessionVersion: number }) {
  const connected = connectClient(app.wsBase, sectionId, await sessionCookie(user), app.origin);
  clients.push(connected);
  await eventually(() => expect(connected.provider.synced).toBe(true));
  return connected;
}

const committedAll = (connected: TestClient) => {
  const committed = Y.decodeStateVector(connected.committed()!);
  const own = Y.decodeStateVector(Y.encodeStateVector(connected.doc)).get(connected.doc.clientID);
  expect(committed.get(connected.doc.clientID)).toBe(own);
};

beforeAll(async () => {
  database = await createTestDatabase();
  department = (await makeDepartment(database.db)).id;
  app = await startCollabServer(database.db, { room: { restAfterMs: 150 }, sweepMs: 50 });
});
afterAll(async () => {
  for (const connected of clients) connected.destroy();
  await app?.close();
  await database?.drop();
});

describe("resting rooms", () => {
  it("a room nobody writes in keeps only its encoded state; readers and reconnecting writers sync from it; the next edit brings the document back; nothing is lost", async () => {
    const sectionId = (await makeSection(database.db, department, "初始内容")).id;
    const alice = await client(sectionId, await makeUser(database.db, { role: "editor", departmentId: department }));
    const room = await app.collab.room(sectionId);
    // Joining and syncing does not build the document.
    expect(textOf(alice.doc)).toContain("初始内容");
    expect(room.isLive).toBe(false);

    // An edit builds it; a deletion gives the document a delete set.
    typeInto(alice.doc, "将被删除");
    typeInto(alice.doc, "第一段");
    alice.doc.getXmlFragment("default").delete(1, 1);
    await eventually(() => expect(room.isLive).toBe(true), 1000, 5);
    await eventually(() => committedAll(alice));
    await eventually(() => expect(room.isLive).toBe(false), 3000);

    // A new reader gets everything from the encoded state.
    const bob = await client(sectionId, await makeUser(database.db, { role: "editor", departmentId: department }));
    expect(textOf(bob.doc)).toBe(textOf(alice.doc));
    expect(textOf(bob.doc)).toContain("第一段");
    expect(textOf(bob.doc)).not.toContain("将被删除");
    expect(room.isLive).toBe(false);

    // A writer reconnecting repeats its delete set (and nothing else): still resting.
    alice.provider.disconnect();
    alice.provider.connect();
    await eventually(() => expect(alice.provider.synced).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(room.isLive).toBe(false);

    // The next edit: live again, delivered, stored.
    typeInto(alice.doc, "第二段");
    await eventually(() => expect(room.isLive).toBe(true), 1000, 5);
    await eventually(() => expect(textOf(bob.doc)).toContain("第二段"));
    await eventually(() => committedAll(alice));
    const { doc: stored } = await loadSectionDocument(database.db, sectionId);
    expect(textOf(stored)).toBe(textOf(alice.doc));
    expect(textOf(stored)).toContain("第一段");
  });

  it("a resting room answers with the same state vector, delete-set digest and differences as its live document", async () => {
    const sectionId = (await makeSection(database.db, department, "甲乙丙丁")).id;
    const source = new Y.Doc({ gc: false });
    Y.applyUpdate(source, (await loadSectionState(database.db, sectionId)).state);
    const earlier = Y.encodeStateVector(source);
    typeInto(source, "戊己庚");
    source.getXmlFragment("default").delete(0, 1);
    const state = Y.encodeStateAsUpdate(source);

    const resting = new SectionRoom(sectionId, state, database.db, 0, defaultRoomOptions);
    const live = new SectionRoom(sectionId, state, database.db, 0, defaultRoomOptions);
    void live.doc;
    expect(resting.isLive).toBe(false);
    expect(live.isLive).toBe(true);
    expect(resting.stateVector()).toEqual(live.stateVector());
    expect(resting.deleteDigest()).toEqual(live.deleteDigest());
    expect(resting.deleteDigest()).toEqual(deleteSetDigest(source));
    for (const vector of [new Uint8Array([0]), earlier]) {
      const fromResting = new Y.Doc({ gc: false });
      const fromLive = new Y.Doc({ gc: false });
      Y.applyUpdate(fromResting, Y.encodeStateAsUpdate(source, vector));
      Y.applyUpdate(fromResting, resting.encodeDiff(vector));
      Y.applyUpdate(fromLive, Y.encodeStateAsUpdate(source, vector));
      Y.applyUpdate(fromLive, live.encodeDiff(vector));
      expect(Y.encodeStateVector(fromResting)).toEqual(Y.encodeStateVector(fromLive));
    }
    // What a resting room takes as "adds nothing": exactly its own delete set, or an empty update.
    expect(resting.addsNothing(new Uint8Array([0, 0]))).toBe(true);
    const deletesOnly = Y.encodeStateAsUpdate(source, Y.encodeStateVector(source));
    expect(resting.addsNothing(deletesOnly)).toBe(true);
    const other = new Y.Doc();
    typeInto(other, "新内容");
    expect(resting.addsNothing(Y.encodeStateAsUpdate(other))).toBe(false);
    expect(resting.isLive).toBe(false);
    await resting.close();
    await live.close();
  });
});

describe("room awareness", () => {
  it("keeps presence by y-protocols' rules and wire format, and times out states not renewed for 30 s", () => {
    const heard: { clients: number[]; origin: unknown }[] = [];
    const awareness = new RoomAwareness({ awarenessChanged: (clients, origin) => heard.push({ clients, origin }) });
    // A stock y-protocols Awareness (what browsers run) publishes; the room takes it in.
    const stock = new awarenessProtocol.Awareness(new Y.Doc());
    stock.setLocalState({ cursor: 1 });
    awareness.apply(awarenessProtocol.encodeAwarenessUpdate(stock, [stock.clientID]), "socket");
    awareness.apply(encodeAwarenessEntries([{ clientId: 8, clock: 1, state: { cursor: 2 } }]), "socket");
    expect(awareness.presentClients()).toEqual([stock.clientID, 8]);
    expect(heard).toEqual([
      { clients: [stock.clientID], origin: "socket" },
      { clients: [8], origin: "socket" },
    ]);
    // An older clock changes nothing; a newer one updates.
    awareness.apply(encodeAwarenessEntries([{ clientId: 8, clock: 0, state: { cursor: 9 } }]), null);
    expect(awareness.state(8)).toEqual({ cursor: 2 });
    awareness.apply(encodeAwarenessEntries([{ clientId: 8, clock: 2, state: { cursor: 3 } }]), null);
    expect(awareness.state(8)).toEqual({ cursor: 3 });
    // What the room encodes, a stock Awareness reads.
    const reader = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(reader, awareness.encode([stock.clientID, 8]), null);
    expect(reader.getStates().get(stock.clientID)).toEqual({ cursor: 1 });
    expect(reader.getStates().get(8)).toEqual({ cursor: 3 });
    awareness.apply(encodeAwarenessEntries([{ clientId: 8, clock: 3, state: { cursor: 5 } }]), null);
    awarenessProtocol.applyAwarenessUpdate(reader, awareness.encode([8]), null);
    expect(reader.getStates().get(8)).toEqual({ cursor: 5 });

    // Not renewed for 30 s: removed, and the removal encodes as a null state a stock reader applies.
    heard.length = 0;
    awareness.removeOutdated(Date.now() + 30_001);
    expect(awareness.presentClients()).toEqual([]);
    expect(heard).toEqual([{ clients: [stock.clientID, 8], origin: "timeout" }]);
    awarenessProtocol.applyAwarenessUpdate(reader, awareness.encode([stock.clientID, 8]), null);
    expect([...reader.getStates().keys()]).toEqual([reader.clientID]);
    // A client coming back with a newer clock is present again.
    awareness.apply(encodeAwarenessEntries([{ clientId: 8, clock: 4, state: { cursor: 4 } }]), null);
    expect(awareness.presentClients()).toEqual([8]);
    expect(decodeAwarenessUpdate(awareness.encode([8]))).toEqual([{ clientId: 8, clock: 4, state: { cursor: 4 } }]);
    stock.destroy();
    reader.destroy();
  });
});

describe("presence in a crowded room", () => {
  it("is encoded anew once it changes (entries are kept encoded in crowded rooms)", () => {
    const awareness = new RoomAwareness();
    const crowd = Array.from({ length: CROWDED_ROOM }, (_, index) => index + 1);
    awareness.apply(encodeAwarenessEntries(crowd.map((clientId) => ({ clientId, clock: 1, state: { cursor: clientId } }))), null);
    const states = (update: Uint8Array) => new Map(decodeAwarenessUpdate(update).map((entry) => [entry.clientId, [entry.clock, entry.state]]));
    expect(states(awareness.encode(crowd)).get(7)).toEqual([1, { cursor: 7 }]);
    awareness.apply(encodeAwarenessEntries([{ clientId: 7, clock: 2, state: { cursor: 70 } }]), null);
    expect(states(awareness.encode(crowd)).get(7)).toEqual([2, { cursor: 70 }]);
    awareness.remove([9], null);
    const after = states(awareness.encode(crowd));
    expect(after.get(9)).toEqual([1, null]);
    expect(after.get(10)).toEqual([1, { cursor: 10 }]);
    expect(after.size).toBe(CROWDED_ROOM);
  });

  it("goes out every event-loop turn in a small room, gathered every 50 ms in a crowded one", async () => {
    const state = Y.encodeStateAsUpdate(new Y.Doc());
    for (const [size, crowded] of [
      [5, false],
      [60, true],
    ] as const) {
      const room = new SectionRoom("00000000-0000-4000-8000-000000000000", state, database.db, 0, defaultRoomOptions);
      const heard: number[][] = [];
      for (let index = 0; index < size; index++) {
        const send = (message: Uint8Array) => {
          if (index !== 0) return;
          const decoder = decoding.createDecoder(message);
          if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
          heard.push(decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)).map((entry) => entry.clientId));
        };
        room.members.add({
          userId: `member-${index}`,
          ownedClientId: null,
          // A frame's payload follows its 2-, 4- or 10-byte header (server/collab/frame.ts).
          sendFrame: (frame: Buffer) => send(frame.subarray(frame[1]! < 126 ? 2 : frame[1] === 126 ? 4 : 10)),
          close: () => {},
        });
      }
      // Ten people arrive, one per event-loop turn, within a few milliseconds.
      for (let person = 0; person < 10; person++) {
        room.awareness.applyEntries([{ clientId: 1000 + person, clock: 1, state: { person } }], null);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(heard.flat().sort()).toEqual(Array.from({ length: 10 }, (_, person) => 1000 + person));
      if (crowded) expect(heard.length).toBeLessThanOrEqual(3);
      else expect(heard).toHaveLength(10);
      await room.close();
    }
  });
});

describe("a turn's document updates", () => {
  /** The payloads of the WebSocket frames in one write (2-, 4- or 10-byte headers, server/collab/frame.ts). */
  const framesIn = (write: Buffer) => {
    const payloads: Uint8Array[] = [];
    for (let offset = 0; offset < write.length; ) {
      const short = write[offset + 1]!;
      const [header, length] = short < 126 ? [2, short] : short === 126 ? [4, write.readUInt16BE(offset + 2)] : [10, Number(write.readBigUInt64BE(offset + 2))];
      payloads.push(write.subarray(offset + header, offset + header + length));
      offset += header + length;
    }
    return payloads;
  };
  /** The Yjs update of a sync Update message. */
  const updateIn = (payload: Uint8Array) => {
    const decoder = decoding.createDecoder(payload);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
    decoding.readVarUint(decoder);
    return decoding.readVarUint8Array(decoder);
  };
  const edit = (text: string) => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };

  it("go out as they came, each member's in one write without its own; merged into one in a crowded room", async () => {
    const state = Y.encodeStateAsUpdate(new Y.Doc());
    // Real users and sections: closing the room writes the two edits.
    const authors = [await makeUser(database.db, { role: "editor", departmentId: department }), await makeUser(database.db, { role: "editor", departmentId: department })];
    for (const size of [3, CROWDED_ROOM]) {
      const sectionId = (await makeSection(database.db, department, "正文")).id;
      // A flush interval no other room shares: a batch written during the check would send its
      // authors a "saved" frame of its own (the shared 40 ms timer may be about to fire).
      const room = new SectionRoom(sectionId, state, database.db, 0, { ...defaultRoomOptions, flushIntervalMs: 5_000 });
      const writes = new Map<number, Buffer[]>();
      const members = Array.from({ length: size }, (_, index) => {
        writes.set(index, []);
        const userId = authors[index]?.id ?? `reader-${index}`;
        return { userId, ownedClientId: null, sendFrame: (frame: Buffer) => writes.get(index)!.push(frame), close: () => {} };
      });
      for (const member of members) room.members.add(member);
      const [first, second] = [edit("甲"), edit("乙")];
      // Two members' edits in one event-loop turn.
      room.apply(first, members[0]);
      room.apply(second, members[1]);
      await new Promise((resolve) => setImmediate(resolve));
      for (const [index, sent] of writes) {
        expect(sent).toHaveLength(1);
        const updates = framesIn(sent[0]!).map(updateIn);
        const doc = new Y.Doc();
        for (const update of updates) Y.applyUpdate(doc, update);
        if (size < CROWDED_ROOM) {
          // Exactly the others' updates, byte for byte as they came.
          const expected = index === 0 ? [second] : index === 1 ? [first] : [first, second];
          expect(updates.map((update) => Buffer.from(update).toString("hex"))).toEqual(expected.map((update) => Buffer.from(update).toString("hex")));
        } else {
          // One merged update, to everyone (an author already has its own part; Yjs skips it).
          expect(updates).toHaveLength(1);
          expect([...doc.getText("t").toString()].sort()).toEqual(["乙", "甲"]);
        }
      }
      await room.close();
      const { doc: stored } = await loadSectionDocument(database.db, sectionId);
      expect([...stored.getText("t").toString()].sort()).toEqual(["乙", "甲"]);
      stored.destroy();
    }
  });
});
