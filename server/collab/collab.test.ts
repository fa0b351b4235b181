import { eq } from "drizzle-orm";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { departments, indicators, sectionLinks, sectionUpdates, sections, users } from "@/db/schema";
import { CLOSE_SESSION_ENDED, MESSAGE_AWARENESS, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { colorForUser } from "@/server/collab/awareness";
import { loadSectionDocument } from "@/server/collab/persistence";
import { ownEditsCommitted } from "@/server/testing/convergence";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import {
  connectClient,
  eventually,
  makeSection,
  sessionCookie,
  startCollabServer,
  type TestClient,
  textOf,
  typeInto,
  upgradeStatus,
} from "@/server/testing/collab";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let ownDepartment: string;
let otherDepartment: string;
let sectionId: string;
const clients: TestClient[] = [];


async function client(user: { id: string; sessionVersion: number }, section = sectionId) {
  const connected = connectClient(app.wsBase, section, await sessionCookie(user), app.origin);
  clients.push(connected);
  await eventually(() => expect(connected.provider.synced).toBe(true));
  return connected;
}

async function storedText() {
  const { doc } = await loadSectionDocument(database.db, sectionId);
  return textOf(doc);
}

beforeAll(async () => {
  database = await createTestDatabase();
  ownDepartment = (await makeDepartment(database.db)).id;
  otherDepartment = (await makeDepartment(database.db)).id;
  sectionId = (await makeSection(database.db, ownDepartment, "初始内容")).id;
  app = await startCollabServer(database.db);
});
afterAll(async () => {
  for (const connected of clients) connected.destroy();
  await app?.close();
  await database?.drop();
});

describe("collaboration: committed acknowledgements go to whom they concern", () => {
  it("tells the writer (and the author of relayed edits, and a client repeating what the server has), not everyone", async () => {
    const section = (await makeSection(database.db, ownDepartment, "初始内容")).id;
    const alice = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section);
    const bob = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section);
    const carol = await client(await makeUser(database.db, { role: "leader", departmentId: ownDepartment }), section);
    // Everyone's presence has reached the server (that is how it knows whose edits are whose).
    for (const each of [alice, bob, carol]) each.provider.awareness.setLocalStateField("cursor", null);
    await eventually(() => expect([...carol.provider.awareness.getStates().keys()].sort()).toEqual([alice, bob, carol].map((each) => each.doc.clientID).sort()));
    await eventually(() => expect(carol.savedCount()).toBe(1)); // the opening message
    const counts = () => [alice, bob, carol].map((each) => each.savedCount());
    const [aliceBefore] = counts();

    // Bob types: Bob hears that it is stored; Alice and Carol (who wrote nothing of it) hear nothing.
    typeInto(bob.doc, "乙写的");
    await eventually(() => expect(ownEditsCommitted(bob.committed(), bob.doc)).toBe(true));
    await eventually(() => expect(textOf(carol.doc)).toContain("乙写的"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(alice.savedCount()).toBe(aliceBefore);
    expect(carol.savedCount()).toBe(1);

    // An edit of Alice's that reaches the server through Bob (kept from Alice's own socket by
    // using the provider as its origin): Alice is told it is stored, Carol still is not.
    Y.transact(alice.doc, () => typeInto(alice.doc, "甲经乙转来的"), alice.provider);
    expect(ownEditsCommitted(alice.committed(), alice.doc)).toBe(false);
    Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(alice.doc));
    await eventually(() => expect(ownEditsCommitted(alice.committed(), alice.doc)).toBe(true));
    expect(textOf((await loadSectionDocument(database.db, section)).doc)).toContain("甲经乙转来的");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(carol.savedCount()).toBe(1);

    // A write that adds nothing (Carol's is dropped as read-only; Alice repeating what the server
    // has is not): Alice hears that everything is stored without a new batch.
    const aliceNow = alice.savedCount();
    alice.provider.ws!.send(syncMessage("step2", Y.encodeStateAsUpdate(alice.doc)));
    await eventually(() => expect(alice.savedCount()).toBe(aliceNow + 1));
    expect(carol.savedCount()).toBe(1);
  });
});

describe("collaboration: editing", () => {
  it("two editors of the owning department see each other's text, and it is committed before 已保存", async () => {
    const alice = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    const bob = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    expect(textOf(alice.doc)).toContain("初始内容");
    expect(alice.access()).toEqual({ canEdit: true, reason: "granted" });
    typeInto(alice.doc, "甲的段落");
    typeInto(bob.doc, "乙的段落");
    await eventually(() => {
      expect(textOf(alice.doc)).toContain("乙的段落");
      expect(textOf(bob.doc)).toContain("甲的段落");
    });
    // The server says "saved" only for state that is in the database.
    await eventually(() => {
      const committed = Y.decodeStateVector(alice.committed()!);
      const own = Y.decodeStateVector(Y.encodeStateVector(alice.doc)).get(alice.doc.clientID)!;
      expect(committed.get(alice.doc.clientID)).toBe(own);
    });
    const stored = await storedText();
    expect(stored).toContain("甲的段落");
    expect(stored).toContain("乙的段落");
    const rows = await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId));
    expect(rows.length).toBeGreaterThan(0);
  });
});

/** The Yjs client ids whose edits and whose presence a client has been sent, from now on. */
function heardFrom(connected: TestClient) {
  const heard = { edits: new Set<number>(), presence: new Set<number>() };
  const handlers = connected.provider.messageHandlers;
  const [onSync, onAwareness] = [handlers[MESSAGE_SYNC]!, handlers[MESSAGE_AWARENESS]!];
  handlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) === syncProtocol.messageYjsUpdate) for (const clientId of Y.parseUpdateMeta(decoding.readVarUint8Array(peek)).to.keys()) heard.edits.add(clientId);
    onSync(encoder, decoder, ...rest);
  };
  handlers[MESSAGE_AWARENESS] = (encoder, decoder, ...rest) => {
    const peek = decoding.createDecoder(decoding.readVarUint8Array(decoding.clone(decoder)));
    for (let count = decoding.readVarUint(peek); count > 0; count--) {
      heard.presence.add(decoding.readVarUint(peek));
      decoding.readVarUint(peek);
      decoding.readVarString(peek);
    }
    onAwareness(encoder, decoder, ...rest);
  };
  return heard;
}

describe("collaboration: a stock client", () => {
  it("y-websocket's own provider in Node, with only the session cookie (no Origin, as outside a browser), syncs and edits", async () => {
    const cookie = await sessionCookie(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(app.wsBase, sectionId, doc, {
      disableBc: true,
      WebSocketPolyfill: class extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie } });
        }
      } as unknown as typeof globalThis.WebSocket,
    });
    try {
      await eventually(() => expect(provider.synced).toBe(true));
      expect(textOf(doc)).toContain("初始内容");
      typeInto(doc, "普通客户端写的段落");
      await eventually(async () => expect(await storedText()).toContain("普通客户端写的段落"));
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });
});

describe("collaboration: nobody is sent their own changes back", () => {
  it("relays an edit and a presence change to the others, not to the socket they came from", async () => {
    const section = (await makeSection(database.db, ownDepartment, "初始内容")).id;
    const alice = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section);
    const bob = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section);
    const [aliceHeard, bobHeard] = [heardFrom(alice), heardFrom(bob)];

    typeInto(alice.doc, "甲写的");
    await eventually(() => expect(textOf(bob.doc)).toContain("甲写的"));
    await eventually(() => expect(ownEditsCommitted(alice.committed(), alice.doc)).toBe(true));
    alice.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
    await eventually(() => expect(bob.provider.awareness.getStates().get(alice.doc.clientID)?.cursor).toEqual({ anchor: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(bobHeard.edits.has(alice.doc.clientID)).toBe(true);
    expect(bobHeard.presence.has(alice.doc.clientID)).toBe(true);
    expect(aliceHeard.edits.has(alice.doc.clientID)).toBe(false);
    expect(aliceHeard.presence.has(alice.doc.clientID)).toBe(false);

    // Both at once: each gets the other's edit (merged into one message or not), nothing is lost.
    typeInto(alice.doc, "甲又写");
    typeInto(bob.doc, "乙也写");
    await eventually(() => expect([textOf(alice.doc), textOf(bob.doc)].every((text) => text.includes("甲又写") && text.includes("乙也写"))).toBe(true));
    expect(aliceHeard.edits.has(bob.doc.clientID)).toBe(true);
  });
});

describe("collaboration: authorization at the upgrade", () => {
  it("refuses no cookie, a bad cookie, a disabled user, a foreign origin and unknown sections, with no content", async () => {
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const disabled = await makeUser(database.db, { role: "editor", departmentId: ownDepartment, disabled: true });
    const url = `${app.wsBase}/${sectionId}`;
    const cookie = await sessionCookie(editor);
    expect(await upgradeStatus(url, { origin: app.origin })).toEqual({ status: 401, bytes: 0 });
    expect(await upgradeStatus(url, { origin: app.origin, cookie: "next-auth.session-token=garbage" })).toEqual({ status: 401, bytes: 0 });
    expect(await upgradeStatus(url, { origin: app.origin, cookie: await sessionCookie(disabled) })).toEqual({ status: 401, bytes: 0 });
    expect(await upgradeStatus(url, { origin: "http://evil.example", cookie })).toEqual({ status: 403, bytes: 0 });
    expect(await upgradeStatus(url, { origin: "null", cookie })).toEqual({ status: 403, bytes: 0 });
    // No Origin at all is a client outside a browser (browsers always send one): its cookie decides.
    expect((await upgradeStatus(url, { cookie })).status).toBe(101);
    expect(await upgradeStatus(url, {})).toEqual({ status: 401, bytes: 0 });
    expect((await upgradeStatus(`${app.wsBase}/00000000-0000-4000-8000-000000000000`, { origin: app.origin, cookie })).status).toBe(404);
    expect((await upgradeStatus(`${app.wsBase}/not-a-section`, { origin: app.origin, cookie })).status).toBe(404);
    // Without a valid session nothing is said about sections, existing or not.
    expect(await upgradeStatus(`${app.wsBase}/00000000-0000-4000-8000-000000000000`, { origin: app.origin })).toEqual({ status: 401, bytes: 0 });
    expect((await upgradeStatus(url, { origin: app.origin, cookie })).status).toBe(101);
    // A revoked session (its version bumped: force logout, password reset) and a deleted user are refused.
    const revoked = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const revokedCookie = await sessionCookie(revoked);
    expect((await upgradeStatus(url, { origin: app.origin, cookie: revokedCookie })).status).toBe(101);
    await database.db.update(users).set({ sessionVersion: revoked.sessionVersion + 1 }).where(eq(users.id, revoked.id));
    expect(await upgradeStatus(url, { origin: app.origin, cookie: revokedCookie })).toEqual({ status: 401, bytes: 0 });
    const deleted = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const deletedCookie = await sessionCookie(deleted);
    await database.db.delete(users).where(eq(users.id, deleted.id));
    expect(await upgradeStatus(url, { origin: app.origin, cookie: deletedCookie })).toEqual({ status: 401, bytes: 0 });
  });
});

/** A raw socket speaking the protocol by hand, to send what a stock client would not. */
async function rawSocket(user: { id: string; sessionVersion: number }) {
  const socket = new WebSocket(`${app.wsBase}/${sectionId}`, { headers: { origin: app.origin, cookie: await sessionCookie(user) } });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return socket;
}

function syncMessage(kind: "step2" | "update", update: Uint8Array) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  if (kind === "step2") {
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, update);
  } else syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe("collaboration: read-only sockets", () => {
  for (const [label, role, department] of [
    ["a leader", "leader", "own"],
    ["an editor of another department", "editor", "other"],
    ["a viewer", "viewer", "own"],
  ] as const) {
    it(`${label}: raw Update and SyncStep2 messages change nothing for others or in the database`, async () => {
      const watcher = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
      const reader = await makeUser(database.db, { role, departmentId: department === "own" ? ownDepartment : otherDepartment });
      const stock = await client(reader);
      expect(stock.access()?.canEdit).toBe(false);
      const before = textOf(watcher.doc);
      const rowsBefore = (await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId))).length;

      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(watcher.doc));
      typeInto(forged, `${label}的篡改`);
      const update = Y.encodeStateAsUpdate(forged, Y.encodeStateVector(watcher.doc));
      const socket = await rawSocket(reader);
      socket.send(syncMessage("update", update));
      socket.send(syncMessage("step2", update));
      // The stock client's own local edit is dropped too.
      typeInto(stock.doc, `${label}的本地输入`);
      // A marker edit from an editor proves the messages above were processed (same socket order).
      typeInto(watcher.doc, `${label}后的标记`);
      await eventually(async () => expect(await storedText()).toContain(`${label}后的标记`));
      expect(textOf(watcher.doc)).toBe(`${before}<paragraph>${label}后的标记</paragraph>`);
      expect(await storedText()).not.toContain("篡改");
      expect(await storedText()).not.toContain("本地输入");
      const rowsAfter = await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId));
      expect(rowsAfter.length).toBeGreaterThan(rowsBefore);
      expect(rowsAfter.every((row) => row.userId !== reader.id)).toBe(true);
      socket.close();
    });
  }
});

describe("collaboration: awareness", () => {
  it("stamps the session's identity and refuses other client ids", async () => {
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const watcher = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    // A first state with clock 0 is ignored by y-protocols; a real editor sets its cursor at once.
    watcher.provider.awareness.setLocalStateField("cursor", null);
    const socket = await rawSocket(editor);
    const fake = new Y.Doc();
    const fakeAwareness = new awarenessProtocol.Awareness(fake);
    fakeAwareness.setLocalState({ user: { name: "市长本人", color: "#000" }, cursor: null });
    const victimId = watcher.doc.clientID;
    const send = (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, update);
      socket.send(encoding.toUint8Array(encoder));
    };
    send(awarenessProtocol.encodeAwarenessUpdate(fakeAwareness, [fake.clientID]));
    // Name, department and colour come from the session (the colour is the user's own, the same on every socket and visit).
    const department = (await database.db.select().from(departments).where(eq(departments.id, ownDepartment)))[0]!.name;
    await eventually(() => {
      const state = watcher.provider.awareness.getStates().get(fake.clientID) as { user?: { name: string; id: string; department: string; color: string } } | undefined;
      expect(state?.user).toMatchObject({ name: editor.displayName, id: editor.id, department, color: colorForUser(editor.id) });
    });
    expect(colorForUser(editor.id)).not.toBe("#000");
    // Trying to remove (or overwrite) the watcher's own presence does nothing.
    const victim = new awarenessProtocol.Awareness(new Y.Doc());
    victim.clientID = victimId;
    victim.setLocalState(null);
    victim.meta.set(victimId, { clock: 999, lastUpdated: Date.now() });
    send(awarenessProtocol.encodeAwarenessUpdate(victim, [victimId], new Map([[victimId, null as unknown as Record<string, unknown>]])));
    const other = await client(editor);
    await eventually(() => expect([...other.provider.awareness.getStates().keys()], `victim ${victimId} watcher ${[...watcher.provider.awareness.getStates().keys()]}`).toContain(victimId));
    socket.close();
  });
});

describe("collaboration: permission changes reach open sockets", () => {
  it("a role change makes the socket read-only within 2 s; disabling closes it", async () => {
    const admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId: otherDepartment })))!;
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const connected = await client(editor);
    expect(connected.access()?.canEdit).toBe(true);
    const changedAt = Date.now();
    await callerFor(database.db, admin).user.update({ userId: editor.id, role: "leader" });
    await eventually(() => expect(connected.access()?.canEdit).toBe(false), 2000);
    expect(Date.now() - changedAt).toBeLessThan(2000);
    await callerFor(database.db, admin).user.disable({ userId: editor.id });
    await eventually(() => expect(connected.closeEvents.map((event) => event.code)).toContain(CLOSE_SESSION_ENDED), 2000);
  });

  it("an admin logging a user out closes their sockets (4401) within 2 s; moving a user to another department makes them read-only", async () => {
    const admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId: otherDepartment })))!;
    const out = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const loggedOut = await client(out);
    const moved = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const movedClient = await client(moved);
    expect([loggedOut.access()?.canEdit, movedClient.access()?.canEdit]).toEqual([true, true]);
    const changedAt = Date.now();
    await callerFor(database.db, admin).user.forceLogout({ userId: out.id });
    await callerFor(database.db, admin).user.update({ userId: moved.id, departmentId: otherDepartment });
    await eventually(() => {
      expect(loggedOut.closeEvents.map((event) => event.code)).toContain(CLOSE_SESSION_ENDED);
      expect(movedClient.access()).toEqual({ canEdit: false, reason: "department" });
    }, 2000);
    expect(Date.now() - changedAt).toBeLessThan(2000);
  });

  it("a user's sockets share one identity: a role change reaches all of them", async () => {
    const admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId: otherDepartment })))!;
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const first = await client(editor);
    const second = await client(editor);
    await callerFor(database.db, admin).user.update({ userId: editor.id, role: "viewer" });
    await eventually(() => {
      expect(first.access()).toEqual({ canEdit: false, reason: "role" });
      expect(second.access()).toEqual({ canEdit: false, reason: "role" });
    }, 2000);
    await callerFor(database.db, admin).user.update({ userId: editor.id, role: "editor" });
    await eventually(() => expect([first.access()?.canEdit, second.access()?.canEdit]).toEqual([true, true]), 2000);
  });

  it("sockets opened while a permission check runs are not taken for revoked ones", async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => makeUser(database.db, { role: "editor", departmentId: ownDepartment })));
    const checking = setInterval(() => void app.collab.recheckPermissions(), 1);
    let connected: TestClient[];
    try {
      connected = await Promise.all(people.map((person) => client(person)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      clearInterval(checking);
    }
    expect(connected.flatMap((one) => one.closeEvents)).toEqual([]);
    expect(connected.every((one) => one.provider.wsconnected)).toBe(true);
  });

  it("moving a section to another department makes its editors read-only", async () => {
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const connected = await client(editor);
    expect(connected.access()?.canEdit).toBe(true);
    await database.db.update(sections).set({ ownerDepartmentId: otherDepartment }).where(eq(sections.id, sectionId));
    try {
      await eventually(() => expect(connected.access()).toEqual({ canEdit: false, reason: "department" }), 2000);
    } finally {
      await database.db.update(sections).set({ ownerDepartmentId: ownDepartment }).where(eq(sections.id, sectionId));
    }
    await eventually(() => expect(connected.access()?.canEdit).toBe(true), 2000);
  });
});

describe("collaboration: section deleted while open", () => {
  it("closes the section's sockets with 4404 and the server keeps running", async () => {
    const admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId: otherDepartment })))!;
    const doomed = await makeSection(database.db, ownDepartment, "将被删除");
    const editor = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const connected = connectClient(app.wsBase, doomed.id, await sessionCookie(editor), app.origin);
    clients.push(connected);
    await eventually(() => expect(connected.provider.synced).toBe(true));
    await callerFor(database.db, admin).section.delete({ sectionId: doomed.id, confirmTextLoss: true });
    typeInto(connected.doc, "删除后的输入");
    await eventually(() => expect(connected.closeEvents.map((event) => event.code)).toContain(4404), 2000);
    // Other sections still work.
    const survivor = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    expect(textOf(survivor.doc)).toContain("初始内容");
  });
});

describe("collaboration: derived section links", () => {
  it("follow the chips in the stored document, without any other write path", async () => {
    const [indicator] = await database.db
      .insert(indicators)
      .values({ name: `上云企业数-${Date.now()}`, unit: "家", category: "产业升级", ownerDepartmentId: ownDepartment })
      .returning();
    const editor = await client(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }));
    const paragraph = new Y.XmlElement("paragraph");
    const chip = new Y.XmlElement("indicatorRef");
    chip.setAttribute("id", indicator!.id);
    paragraph.insert(0, [new Y.XmlText("全市"), chip, new Y.XmlText("达到 2240 家")]);
    editor.doc.getXmlFragment("default").push([paragraph]);
    const linksOfSection = () => database.db.select().from(sectionLinks).where(eq(sectionLinks.sectionId, sectionId));
    await eventually(async () => expect((await linksOfSection()).map((link) => link.targetId)).toEqual([indicator!.id]), 3000);
    editor.doc.transact(() => paragraph.delete(1, 1));
    await eventually(async () => expect(await linksOfSection()).toEqual([]), 3000);
  });

  it("are put right at the first store after loading when the stored rows disagree with the document", async () => {
    // Sections loaded at once read their stored links together; a row the document does not
    // cite (left by a stop between a store and its links) goes at the section's first store.
    const [indicator] = await database.db
      .insert(indicators)
      .values({ name: `旧链接指标-${Date.now()}`, unit: "个", category: "产业升级", ownerDepartmentId: ownDepartment })
      .returning();
    const stale = await makeSection(database.db, ownDepartment, "旧链接");
    const clean = await makeSection(database.db, ownDepartment, "无链接");
    await database.db.insert(sectionLinks).values({ sectionId: stale.id, targetType: "indicator", targetId: indicator!.id });
    const user = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const [onStale, onClean] = await Promise.all([client(user, stale.id), client(user, clean.id)]);
    typeInto(onStale.doc, "改一下");
    typeInto(onClean.doc, "也改一下");
    const linksOf = (id: string) => database.db.select().from(sectionLinks).where(eq(sectionLinks.sectionId, id));
    await eventually(async () => expect(await linksOf(stale.id)).toEqual([]), 3000);
    expect(await linksOf(clean.id)).toEqual([]);
  });
});
