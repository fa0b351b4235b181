import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { auditEvents, notifications, sections, sectionVersions } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { setDocumentHost } from "@/server/collab/host";
import { loadSectionDocument } from "@/server/collab/persistence";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { failureOf } from "@/server/testing/trpc-failure";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let departmentId: string;
let otherDepartmentId: string;
const people = {} as Record<"editor" | "editor2" | "otherEditor" | "leader" | "leader2" | "viewer" | "admin", SessionUser>;
const clients: TestClient[] = [];

/** The section body's first paragraph text. */
const bodyText = (doc: Y.Doc) =>
  doc
    .getXmlFragment("default")
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : "")).join("") : ""))
    .join("\n");
const firstText = (doc: Y.Doc) => (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;

async function connect(user: SessionUser, sectionId: string) {
  const client = connectClient(app.wsBase, sectionId, await sessionCookie(user), app.origin);
  clients.push(client);
  await eventually(() => expect(client.provider.synced).toBe(true), 10_000);
  return client;
}

async function storedBody(sectionId: string) {
  const { doc } = await loadSectionDocument(database.db, sectionId);
  const text = bodyText(doc);
  doc.destroy();
  return text;
}

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  otherDepartmentId = (await makeDepartment(database.db)).id;
  const make = async (role: "editor" | "leader" | "viewer" | "admin", department = departmentId, username?: string) =>
    (await sessionOf(database.db, await makeUser(database.db, { role, departmentId: department, username })))!;
  people.editor = await make("editor", departmentId, "gxj_test");
  people.editor2 = await make("editor");
  people.otherEditor = await make("editor", otherDepartmentId);
  people.leader = await make("leader", otherDepartmentId, "leader_test");
  people.leader2 = await make("leader", otherDepartmentId);
  people.viewer = await make("viewer");
  people.admin = await make("admin");
  app = await startCollabServer(database.db);
  setDocumentHost(app.collab);
});
afterAll(async () => {
  setDocumentHost(undefined);
  for (const client of clients) client.destroy();
  await app?.close();
  await database?.drop();
});

describe("review workflow through tRPC", () => {
  it("refuses illegal transitions with FORBIDDEN and walks submit → changes requested → resubmit → approve", async () => {
    const section = await makeSection(database.db, departmentId, "许昌市规模以上工业企业1567家");
    const as = (user: SessionUser) => callerFor(database.db, user);
    const sectionId = section.id;

    // Nobody decides on a section that is not in review; only owner-department editors submit.
    expect((await failureOf(as(people.leader).review.approve({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.otherEditor).section.submit({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.leader).section.submit({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.viewer).section.submit({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.editor).review.list())).code).toBe("FORBIDDEN");

    expect(await as(people.editor).section.submit({ sectionId, message: "请审阅" })).toEqual({ id: sectionId, status: "in_review" });
    // Not twice; editors and viewers never decide.
    expect((await failureOf(as(people.editor2).section.submit({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.editor).review.approve({ sectionId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(as(people.viewer).review.requestChanges({ sectionId, reason: "不行" }))).code).toBe("FORBIDDEN");
    // Sending back needs a reason.
    expect((await failureOf(as(people.leader).review.requestChanges({ sectionId, reason: " " }))).code).toBe("BAD_REQUEST");

    // Leaders were told; the queue lists it with its department and submitter.
    const leaderBell = await as(people.leader).notification.list();
    expect(leaderBell.items.find((item) => item.section?.id === sectionId)?.kind).toBe("section_submitted");
    const queue = await as(people.leader).review.list();
    const queued = queue.find((entry) => entry.section.id === sectionId)!;
    expect(queued.department.id).toBe(departmentId);
    expect(queued.submitter?.id).toBe(people.editor.id);
    expect(queued.size.added).toBe("许昌市规模以上工业企业1567家".length);
    expect(queued.changedSinceVisit).toBe(true);

    await as(people.leader).review.requestChanges({ sectionId, reason: "数字请核实" });
    expect((await database.db.select().from(sections).where(eq(sections.id, sectionId)))[0]!.status).toBe("changes_requested");
    const editorBell = await as(people.editor2).notification.list();
    expect(editorBell.items[0]).toMatchObject({ kind: "section_changes_requested", message: "数字请核实", actor: { id: people.leader.id } });
    expect((await failureOf(as(people.leader).review.approve({ sectionId }))).code).toBe("FORBIDDEN");

    await as(people.editor).section.submit({ sectionId });
    await as(people.leader).review.approve({ sectionId, comment: "同意" });
    const [approved] = await database.db.select().from(sections).where(eq(sections.id, sectionId));
    expect(approved!.status).toBe("approved");
    const versions = await as(people.viewer).version.list({ sectionId });
    expect(versions.map((version) => version.kind)).toEqual(["approved", "submitted", "submitted"]);
    expect(versions[0]!.isApproved).toBe(true);
    expect(versions[0]!.id).toBe(approved!.approvedVersionId);
    expect((await failureOf(as(people.leader2).review.approve({ sectionId }))).code).toBe("FORBIDDEN");

    const history = await as(people.viewer).review.history({ sectionId });
    expect(history.map((event) => [event.action, event.message])).toEqual([
      ["submitted", "请审阅"],
      ["changes_requested", "数字请核实"],
      ["submitted", ""],
      ["approved", "同意"],
    ]);
    const audited = await database.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, sectionId), eq(auditEvents.targetType, "section")));
    expect(audited.map((event) => event.action).sort()).toEqual(["review.approved", "review.changes_requested", "review.submitted", "review.submitted"]);
    const filtered = await as(people.admin).audit.list({ type: "review", actorId: people.leader.id });
    expect(filtered.length).toBeGreaterThanOrEqual(2);
    expect(filtered.every((event) => event.action.startsWith("review.") && event.actor?.id === people.leader.id)).toBe(true);
    expect(filtered[0]!.actor?.departmentName).toBeTruthy();
  });

  it("puts an approved section back to drafting when someone edits it, keeping the approved version on record", async () => {
    const section = await makeSection(database.db, departmentId, "已通过的文字");
    const sectionId = section.id;
    await callerFor(database.db, people.editor).section.submit({ sectionId });
    await callerFor(database.db, people.leader).review.approve({ sectionId });
    const [before] = await database.db.select().from(sections).where(eq(sections.id, sectionId));
    // The approval itself does not reopen it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await database.db.select().from(sections).where(eq(sections.id, sectionId)))[0]!.status).toBe("approved");

    const client = await connect(people.editor2, sectionId);
    firstText(client.doc).insert(0, "修改：");
    await eventually(async () => {
      const [row] = await database.db.select().from(sections).where(eq(sections.id, sectionId));
      expect(row!.status).toBe("drafting");
      expect(row!.approvedVersionId).toBe(before!.approvedVersionId);
    }, 10_000);
    const history = await callerFor(database.db, people.viewer).review.history({ sectionId });
    expect(history.map((event) => event.action)).toEqual(["submitted", "approved", "reopened"]);
    // The diff since the approved version shows exactly that edit, by that editor.
    const diff = await callerFor(database.db, people.leader).version.diff({ sectionId, from: { approved: true } });
    expect(diff.size).toMatchObject({ added: 3, removed: 0 });
    expect(diff.people.map((person) => person.id)).toContain(people.editor2.id);
  });
});

describe("versions", () => {
  it("restores a version as a new change that two connected clients converge to, attributed to the restorer", async () => {
    const section = await makeSection(database.db, departmentId, "第一稿");
    const sectionId = section.id;
    const a = await connect(people.editor, sectionId);
    const b = await connect(people.editor2, sectionId);
    const saved = await callerFor(database.db, people.editor).version.create({ sectionId, label: "第一稿定稿" });
    expect((await failureOf(callerFor(database.db, people.otherEditor).version.create({ sectionId, label: "越权" }))).code).toBe("FORBIDDEN");
    expect((await failureOf(callerFor(database.db, people.editor).version.create({ sectionId, label: "  " }))).code).toBe("BAD_REQUEST");

    firstText(a.doc).delete(0, 3);
    firstText(a.doc).insert(0, "第二稿，改动很大");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("新增段落")]);
    b.doc.getXmlFragment("default").push([paragraph]);
    await eventually(async () => expect(await storedBody(sectionId)).toBe("第二稿，改动很大\n新增段落"), 10_000);

    expect((await failureOf(callerFor(database.db, people.leader).version.restore({ versionId: saved.id }))).code).toBe("FORBIDDEN");
    const restored = await callerFor(database.db, people.editor2).version.restore({ versionId: saved.id });
    expect(restored.kind).toBe("restored");
    // Live for both connected clients, and stored.
    await eventually(() => {
      expect(bodyText(a.doc)).toBe("第一稿");
      expect(bodyText(b.doc)).toBe("第一稿");
    }, 10_000);
    expect(await storedBody(sectionId)).toBe("第一稿");
    // Typing goes on normally after a restore.
    firstText(a.doc).insert(3, "（续）");
    await eventually(() => expect(bodyText(b.doc)).toBe("第一稿（续）"), 10_000);

    // The restore is a change by editor2: the diff from the saved version names them for the removals.
    const diff = await callerFor(database.db, people.viewer).version.diff({ sectionId, from: { versionId: restored.id }, to: { current: true } });
    expect(diff.size).toMatchObject({ added: 3, removed: 0 });
    // The restored version reads exactly as the saved one (Yjs cannot undelete: the text was written anew).
    const restoredContent = await callerFor(database.db, people.viewer).version.get({ versionId: restored.id });
    const savedContent = await callerFor(database.db, people.viewer).version.get({ versionId: saved.id });
    expect(restoredContent.content).toEqual(savedContent.content);
    const whole = await callerFor(database.db, people.viewer).version.diff({ sectionId, from: { versionId: saved.id }, to: { versionId: restored.id } });
    expect(whole.people.map((person) => person.id)).toEqual(expect.arrayContaining([people.editor.id, people.editor2.id]));
    const versions = await callerFor(database.db, people.viewer).version.list({ sectionId });
    expect(versions.map((version) => version.kind)).toEqual(["restored", "manual"]);
    const got = await callerFor(database.db, people.viewer).version.get({ versionId: saved.id });
    expect(JSON.stringify(got.content)).toContain("第一稿");
    const [stored] = await database.db.select().from(sectionVersions).where(eq(sectionVersions.id, saved.id));
    expect(stored!.textLength).toBe(3);
  });
});

describe("comments", () => {
  it("stay attached to their text while the text around them is edited, and notify mentions and the section's editors", async () => {
    const section = await makeSection(database.db, departmentId, "全市规模以上工业企业达到1567家");
    const sectionId = section.id;
    const writer = await connect(people.editor, sectionId);
    const text = firstText(writer.doc);
    const phrase = "1567家";
    const start = text.toString().indexOf(phrase);
    const anchor = (index: number, assoc: number) =>
      Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc))).toString("base64");
    const caller = callerFor(database.db, people.viewer);
    const bad = await failureOf(caller.comment.create({ sectionId, anchorStart: "AAAA", anchorEnd: "AAAA", quote: phrase, body: "?" }));
    expect(bad.code).toBe("BAD_REQUEST");
    const { id: threadId } = await caller.comment.create({
      sectionId,
      anchorStart: anchor(start, 0),
      anchorEnd: anchor(start + phrase.length, -1),
      quote: phrase,
      body: "请 @leader_test 核实这个数字",
    });

    // Edits before, after and right at the edges of the phrase, from two people.
    const other = await connect(people.editor2, sectionId);
    firstText(other.doc).insert(0, "截至2020年底，");
    firstText(writer.doc).insert(firstText(writer.doc).length, "，比上年增加52家");
    await eventually(() => expect(bodyText(other.doc)).toBe(bodyText(writer.doc)), 10_000);
    firstText(other.doc).delete(0, 2);
    await eventually(async () => expect(await storedBody(sectionId)).toBe("2020年底，全市规模以上工业企业达到1567家，比上年增加52家"), 10_000);

    const [thread] = await callerFor(database.db, people.leader).comment.list({ sectionId });
    expect(thread).toMatchObject({ id: threadId, quote: phrase, resolvedAt: null });
    const { doc } = await loadSectionDocument(database.db, sectionId);
    const resolve = (value: string) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Buffer.from(value, "base64")), doc)!;
    const from = resolve(thread!.anchorStart);
    const to = resolve(thread!.anchorEnd);
    expect((from.type as Y.XmlText).toString().slice(from.index, to.index)).toBe(phrase);
    doc.destroy();

    // The mention and the section's editors were notified; the viewer was not (they wrote it).
    const mentioned = await callerFor(database.db, people.leader).notification.list();
    expect(mentioned.items[0]).toMatchObject({ kind: "mentioned", threadId, actor: { id: people.viewer.id } });
    const editorBell = await callerFor(database.db, people.editor).notification.list();
    expect(editorBell.items[0]).toMatchObject({ kind: "comment", threadId });
    expect((await database.db.select().from(notifications).where(eq(notifications.userId, people.viewer.id))).length).toBe(0);

    // Replies, resolution by an allowed person only, and reopening by replying.
    await callerFor(database.db, people.editor).comment.reply({ threadId, body: "已核实，无误" });
    // Offered only where the policy allows it.
    expect((await callerFor(database.db, people.otherEditor).comment.list({ sectionId }))[0]!.canResolve).toBe(false);
    expect((await callerFor(database.db, people.editor).comment.list({ sectionId }))[0]!.canResolve).toBe(true);
    expect((await caller.comment.list({ sectionId }))[0]!.canResolve).toBe(true);
    expect((await failureOf(callerFor(database.db, people.otherEditor).comment.setResolved({ threadId, resolved: true }))).code).toBe("FORBIDDEN");
    await callerFor(database.db, people.editor).comment.setResolved({ threadId, resolved: true });
    expect((await caller.comment.list({ sectionId }))[0]!.resolvedAt).not.toBeNull();
    await callerFor(database.db, people.leader).comment.reply({ threadId, body: "再看一下" });
    const [reopened] = await caller.comment.list({ sectionId });
    expect(reopened!.resolvedAt).toBeNull();
    expect(reopened!.comments.map((comment) => comment.body)).toEqual(["请 @leader_test 核实这个数字", "已核实，无误", "再看一下"]);
    // The viewer now participates: they hear about replies.
    expect((await callerFor(database.db, people.viewer).notification.list()).unread).toBeGreaterThan(0);
    expect(await callerFor(database.db, people.viewer).notification.markRead({ all: true })).toMatchObject({ updated: expect.any(Number) });
    expect((await callerFor(database.db, people.viewer).notification.list()).unread).toBe(0);
  });
});

describe("review queue visits", () => {
  it("says whether a section changed since the leader last looked", async () => {
    const section = await makeSection(database.db, departmentId, "待审阅");
    const sectionId = section.id;
    await callerFor(database.db, people.editor).section.submit({ sectionId });
    const leader = callerFor(database.db, people.leader);
    const entry = async () => (await leader.review.list()).find((row) => row.section.id === sectionId)!;
    expect((await entry()).changedSinceVisit).toBe(true);
    await leader.review.markSeen({ sectionId });
    expect((await entry()).changedSinceVisit).toBe(false);
    const client = await connect(people.editor, sectionId);
    firstText(client.doc).insert(0, "补充");
    await eventually(async () => expect((await entry()).changedSinceVisit).toBe(true), 10_000);
    const sinceVisit = await leader.version.diff({ sectionId, from: { lastVisit: true } });
    expect(sinceVisit.size).toMatchObject({ added: 2, removed: 0 });
    expect(sinceVisit.people.find((person) => person.id === people.editor.id)?.departmentName).toBeTruthy();
  });
});
