import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sections, users } from "@/db/schema";
import { eventually, makeSection, sessionCookie, socketClass, startCollabServer } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { CLOSE_MESSAGE_TOO_BIG, CLOSE_RATE_LIMITED, CLOSE_SECTION_TOO_LARGE, MAX_MESSAGE_BYTES } from "@/lib/collab/protocol";
import { SECTION_FRAGMENT } from "./names";
import { SectionSession } from "./section-session";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let ownDepartment: string;
const sessions: SectionSession[] = [];

const textOf = (session: SectionSession) => session.doc.getXmlFragment(SECTION_FRAGMENT).toString();
const firstText = (session: SectionSession) => (session.doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;

function appendParagraph(session: SectionSession, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  session.doc.getXmlFragment(SECTION_FRAGMENT).push([paragraph]);
}

async function open(user: { id: string; sessionVersion: number }, sectionId: string, initialCanEdit = true, server: { wsBase: string; origin: string } = app) {
  const session = new SectionSession({
    sectionId,
    wsBase: server.wsBase,
    initialCanEdit,
    selfUserId: user.id,
    persist: false,
    WebSocketPolyfill: socketClass(await sessionCookie(user), server.origin) as unknown as typeof WebSocket,
  });
  sessions.push(session);
  await eventually(() => expect(session.getState()).toMatchObject({ connection: "online", loaded: true, savedKnown: true }));
  return session;
}

beforeAll(async () => {
  database = await createTestDatabase();
  ownDepartment = (await makeDepartment(database.db)).id;
  app = await startCollabServer(database.db);
});
afterAll(async () => {
  for (const session of sessions) session.destroy();
  await app?.close();
  await database?.drop();
});

describe("SectionSession", () => {
  it("counts local edits until the server has committed them, and shows the other editor", async () => {
    const section = await makeSection(database.db, ownDepartment, "初始内容");
    const alice = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    const bob = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    expect(alice.getState().access).toEqual({ canEdit: true, reason: "granted" });
    expect(textOf(alice)).toContain("初始内容");

    appendParagraph(alice, "甲的段落");
    appendParagraph(alice, "甲的第二段");
    expect(alice.getState().unsaved).toBe(2);
    await eventually(() => expect(alice.getState().unsaved).toBe(0));
    await eventually(() => expect(textOf(bob)).toContain("甲的第二段"));
    expect(bob.getState().unsaved).toBe(0);

    bob.provider.awareness.setLocalStateField("user", { name: "冒充" });
    await eventually(() => expect(alice.getState().peers.map((peer) => peer.name)).toEqual(["测试editor"]));
  });

  it("confirms an edit that only deletes text through a probe and the next MESSAGE_SAVED", async () => {
    const section = await makeSection(database.db, ownDepartment, "一二三四五");
    const alice = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    const text = firstText(alice);
    const clock = Y.decodeStateVector(Y.encodeStateVector(alice.doc)).get(alice.doc.clientID);
    text.delete(0, 2);
    expect(Y.decodeStateVector(Y.encodeStateVector(alice.doc)).get(alice.doc.clientID)).toBe(clock);
    expect(alice.getState().unsaved).toBe(1);
    await eventually(() => expect(alice.getState().unsaved).toBe(0));
    const reader = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    expect(textOf(reader)).toContain("三四五");
    expect(textOf(reader)).not.toContain("一二");
  });

  it("keeps edits made offline, counts them, and saves them after reconnecting", async () => {
    const section = await makeSection(database.db, ownDepartment, "离线前");
    const alice = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    alice.provider.disconnect();
    await eventually(() => expect(alice.getState().connection).toBe("offline"));
    appendParagraph(alice, "离线一");
    const text = firstText(alice);
    text.delete(0, 1);
    expect(alice.getState().unsaved).toBe(2);
    alice.provider.connect();
    await eventually(() => expect(alice.getState()).toMatchObject({ connection: "online", unsaved: 0 }));
    const reader = await open(await makeUser(database.db, { role: "leader", departmentId: ownDepartment }), section.id, false);
    expect(textOf(reader)).toContain("离线一");
    expect(textOf(reader)).not.toContain("离线前");
  });

  it("is read-only for a leader: nothing is counted or stored, and the server says why", async () => {
    const section = await makeSection(database.db, ownDepartment, "领导只读");
    const leader = await open(await makeUser(database.db, { role: "leader", departmentId: ownDepartment }), section.id, false);
    expect(leader.getState().access).toEqual({ canEdit: false, reason: "role" });
    appendParagraph(leader, "领导输入");
    expect(leader.getState().unsaved).toBe(0);
    const editor = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    expect(textOf(editor)).not.toContain("领导输入");
  });

  it("reports the server's close codes: 4401 when the user is disabled, 4404 when the section is deleted", async () => {
    const section = await makeSection(database.db, ownDepartment, "将被删除");
    const user = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
    const disabled = await open(user, section.id);
    const other = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id);
    await database.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    await eventually(() => expect(disabled.getState().closedCode).toBe(4401), 3000);
    await database.db.delete(sections).where(eq(sections.id, section.id));
    await eventually(() => expect(other.getState().closedCode).toBe(4404), 3000);
  });

  it("reconnects after the rate limit closed its socket (4429), and every edit is saved", async () => {
    const strict = await startCollabServer(database.db, { messageRate: { perSecond: 20, burst: 20 } });
    try {
      const section = await makeSection(database.db, ownDepartment, "限速");
      const alice = await open(await makeUser(database.db, { role: "editor", departmentId: ownDepartment }), section.id, true, strict);
      const closes: number[] = [];
      alice.provider.on("connection-close", (event) => closes.push(event?.code ?? 0));
      for (let index = 0; index < 60; index++) appendParagraph(alice, `快速-${index}`);
      await eventually(() => expect(closes).toContain(CLOSE_RATE_LIMITED), 5000);
      await eventually(() => expect(alice.getState()).toMatchObject({ connection: "online", unsaved: 0, closedCode: null }), 10_000);
      const reader = await open(await makeUser(database.db, { role: "leader", departmentId: ownDepartment }), section.id, false, strict);
      for (let index = 0; index < 60; index++) expect(textOf(reader)).toContain(`快速-${index}`);
    } finally {
      for (const session of sessions.splice(0)) session.destroy();
      await strict.close();
    }
  });

  it("stops for good when the section would grow past its limit (4413) or a message is too big (1009); discarding the local copy brings back the server's text", async () => {
    const small = await startCollabServer(database.db, { room: { maxBytes: 4096 } });
    try {
      const section = await makeSection(database.db, ownDepartment, "上限");
      const user = await makeUser(database.db, { role: "editor", departmentId: ownDepartment });
      const alice = await open(user, section.id, true, small);
      appendParagraph(alice, "小段落");
      await eventually(() => expect(alice.getState().unsaved).toBe(0));
      appendParagraph(alice, "大".repeat(5000));
      await eventually(() => expect(alice.getState().closedCode).toBe(CLOSE_SECTION_TOO_LARGE), 5000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(alice.getState()).toMatchObject({ closedCode: CLOSE_SECTION_TOO_LARGE, connection: "offline", unsaved: 1 });
      expect(alice.provider.shouldConnect).toBe(false);
      await alice.discardLocalCopy();
      const again = await open(user, section.id, true, small);
      expect(textOf(again)).toContain("小段落");
      expect(textOf(again)).not.toContain("大大");

      appendParagraph(again, "长".repeat(MAX_MESSAGE_BYTES / 3 + 1000));
      await eventually(() => expect(again.getState().closedCode).toBe(CLOSE_MESSAGE_TOO_BIG), 5000);
    } finally {
      for (const session of sessions.splice(0)) session.destroy();
      await small.close();
    }
  });
});
