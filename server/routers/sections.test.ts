import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, plans, sectionDocuments, sections } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { liveEvents } from "@/server/events";
import { createTestDatabase } from "@/server/testing/db";
import { makeSection } from "@/server/testing/collab";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { failureOf } from "@/server/testing/trpc-failure";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: SessionUser;
let editor: SessionUser;
let departmentId: string;
let otherDepartmentId: string;
let planId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  otherDepartmentId = (await makeDepartment(database.db)).id;
  admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId })))!;
  editor = (await sessionOf(database.db, await makeUser(database.db, { role: "editor", departmentId })))!;
  const [plan] = await database.db.insert(plans).values({ title: "大纲测试", periodStart: 2020, periodEnd: 2025 }).returning();
  planId = plan!.id;
});
afterAll(async () => database?.drop());

async function topLevelTitles() {
  const rows = await database.db.select().from(sections).where(and(eq(sections.planId, planId), isNull(sections.parentId))).orderBy(asc(sections.position));
  return rows.map((row) => `${row.position}:${row.title}`);
}

describe("outline management", () => {
  it("is for admins only", async () => {
    const caller = callerFor(database.db, editor);
    expect((await failureOf(caller.section.create({ planId, title: "越权", ownerDepartmentId: departmentId }))).code).toBe("FORBIDDEN");
    expect((await failureOf(caller.section.delete({ sectionId: "00000000-0000-4000-8000-000000000001" }))).code).toBe("FORBIDDEN");
  });

  it("adds, renames and moves sections, keeping positions contiguous, each step audited and pushed to open pages", async () => {
    const caller = callerFor(database.db, admin);
    const controller = new AbortController();
    const received: string[] = [];
    const listening = (async () => {
      const topics = { planIds: [planId], registry: false, notificationsOf: null, review: false };
      for await (const event of liveEvents(topics, controller.signal)) if (event.topic === "plan") received.push(event.data.type);
    })();
    const first = await caller.section.create({ planId, title: "第一章", ownerDepartmentId: departmentId });
    const second = await caller.section.create({ planId, title: "第二章", ownerDepartmentId: departmentId });
    const third = await caller.section.create({ planId, title: "插入章", ownerDepartmentId: otherDepartmentId, position: 1 });
    expect(await topLevelTitles()).toEqual(["0:第一章", "1:插入章", "2:第二章"]);
    await caller.section.rename({ sectionId: third.id, title: "新标题" });
    await caller.section.move({ sectionId: second.id, parentId: null, position: 0 });
    expect(await topLevelTitles()).toEqual(["0:第二章", "1:第一章", "2:新标题"]);
    await caller.section.move({ sectionId: third.id, parentId: first.id, position: 0 });
    expect(await topLevelTitles()).toEqual(["0:第二章", "1:第一章"]);
    const { sections: tree } = await caller.plan.get({ planId });
    expect(tree.map((section) => `${section.number} ${section.title}`)).toEqual(["1 第二章", "2 第一章", "2.1 新标题"]);
    // A new section has a (empty) Yjs document from the start.
    expect(await database.db.select().from(sectionDocuments).where(eq(sectionDocuments.sectionId, first.id))).toHaveLength(1);
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, third.id))).map((event) => event.action);
    expect(actions.sort()).toEqual(["section.create", "section.move", "section.rename"]);
    expect(received.length).toBeGreaterThanOrEqual(6);
    controller.abort();
    await listening;
  });

  it("refuses moving a section under its own descendant", async () => {
    const caller = callerFor(database.db, admin);
    const parent = await caller.section.create({ planId, title: "父", ownerDepartmentId: departmentId });
    const child = await caller.section.create({ planId, title: "子", ownerDepartmentId: departmentId, parentId: parent.id });
    const error = await failureOf(caller.section.move({ sectionId: parent.id, parentId: child.id, position: 0 }));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("changes a section's owner department, audited", async () => {
    const caller = callerFor(database.db, admin);
    const section = await caller.section.create({ planId, title: "换部门", ownerDepartmentId: departmentId });
    await caller.section.setOwner({ sectionId: section.id, ownerDepartmentId: otherDepartmentId });
    const [row] = await database.db.select().from(sections).where(eq(sections.id, section.id));
    expect(row!.ownerDepartmentId).toBe(otherDepartmentId);
    const { sections: tree } = await callerFor(database.db, editor).plan.get({ planId });
    expect(tree.find((entry) => entry.id === section.id)?.canEdit).toBe(false);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, section.id), eq(auditEvents.action, "section.setOwner")));
    expect(event!.details).toMatchObject({ from: departmentId, to: otherDepartmentId });
    expect((await failureOf(caller.section.setOwner({ sectionId: section.id, ownerDepartmentId: "00000000-0000-4000-8000-0000000000ff" }))).code).toBe("BAD_REQUEST");
  });

  it("deletes an empty section at once, but one with text only when confirmed — audited with the text length", async () => {
    const caller = callerFor(database.db, admin);
    const empty = await caller.section.create({ planId, title: "空章节", ownerDepartmentId: departmentId });
    await caller.section.delete({ sectionId: empty.id });
    expect(await database.db.select().from(sections).where(eq(sections.id, empty.id))).toHaveLength(0);

    const written = await makeSection(database.db, departmentId, "这里有十个字的正文内容");
    const refused = await failureOf(caller.section.delete({ sectionId: written.id }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("confirmTextLoss");
    expect(await database.db.select().from(sections).where(eq(sections.id, written.id))).toHaveLength(1);
    const result = await caller.section.delete({ sectionId: written.id, confirmTextLoss: true });
    expect(result.textLength).toBe(11);
    const [event] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.targetId, written.id), eq(auditEvents.action, "section.delete")));
    expect(event!.details).toMatchObject({ textLength: 11 });
  });

  it("names the field of bad input", async () => {
    const caller = callerFor(database.db, admin);
    for (const call of [
      () => caller.section.create({ planId, title: "", ownerDepartmentId: departmentId }),
      () => caller.section.create({ planId: "x", title: "t", ownerDepartmentId: departmentId }),
      () => caller.section.move({ sectionId: planId, parentId: null, position: -1 }),
      () => caller.section.rename({ sectionId: planId, title: "x".repeat(500) }),
    ]) {
      expect((await failureOf(call())).code).toBe("BAD_REQUEST");
    }
    expect((await failureOf(caller.section.rename({ sectionId: "00000000-0000-4000-8000-0000000000aa", title: "t" }))).code).toBe("NOT_FOUND");
  });
});
