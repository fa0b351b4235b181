import { TRPCError } from "@trpc/server";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { seedDatabase } from "@/db/seed";
import { departments, plans, projects, searchEntries, sectionDocuments, sections, users } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeUser, sessionOf } from "@/server/testing/factories";
import { loadSectionDocument } from "@/server/collab/persistence";
import { encodeSectionDocument } from "./section-documents";
import { backfillSearchIndex, indexPlanSections, type SearchHit, sectionSearchIndexer } from "./search";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let viewer: SessionUser;
let admin: SessionUser;
let departmentId: string;
const KUNPENG = "黄河鲲鹏服务器和PC机许昌生产基地";

const search = (q: string, user: SessionUser | null = viewer) => callerFor(database.db, user).search.query({ q });
const highlighted = (passage: { text: string; highlights: [number, number][] } | null) =>
  passage?.highlights.map(([start, end]) => passage.text.slice(start, end)) ?? [];
const titlesOf = (hits: SearchHit[], kind?: SearchHit["kind"]) => hits.filter((hit) => !kind || hit.kind === kind).map((hit) => hit.title);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.db, { demo: true, adminPassword: "admin-pass-1", demoPassword: "demo-pass-1" });
  expect(await backfillSearchIndex(database.db)).toBeGreaterThan(20);
  const [department] = await database.db.select().from(departments).where(eq(departments.code, "GXJ"));
  departmentId = department!.id;
  viewer = (await sessionOf(database.db, await makeUser(database.db, { role: "viewer", departmentId })))!;
  const [adminRow] = await database.db.select().from(users).where(eq(users.username, "admin"));
  admin = (await sessionOf(database.db, adminRow!))!;
});
afterAll(async () => {
  await database?.drop();
});

describe("search: Chinese queries", () => {
  it("「鲲鹏」 finds the project first, then the seeded sections that cite it, with the passage highlighted", async () => {
    const hits = await search("鲲鹏");
    expect(hits[0]).toMatchObject({ kind: "project", title: KUNPENG });
    expect(hits[0]!.titleHighlights).toEqual([[2, 4]]);
    const sectionHits = hits.filter((hit) => hit.kind === "section");
    // The seeded sections cite the project with a chip: indexed under its name.
    expect(titlesOf(sectionHits)).toEqual(expect.arrayContaining(["重点项目建设", "培育壮大新兴产业"]));
    for (const hit of sectionHits) {
      expect(hit.planId).toBeTruthy();
      expect(hit.blockIndex).toEqual(expect.any(Number));
      expect(highlighted(hit.passage)).toContain("鲲鹏");
    }
  });

  it("finds 2, 3 and 4 characters, in names, descriptions and body text", async () => {
    for (const q of ["鲲鹏", "服务器", "生产基地"]) expect(titlesOf(await search(q))).toContain(KUNPENG);
    const figures = await search("36 万台");
    expect(figures.some((hit) => hit.kind === "section" && highlighted(hit.passage).includes("36 万台"))).toBe(true);
  });

  it("does not find characters that are only near each other", async () => {
    // 鲲 and 服 both occur in the project name, never as 「鲲服」.
    expect(await search("鲲服")).toEqual([]);
  });

  it("finds mixed Chinese and Latin (「PC机」), case-insensitively and with full-width letters", async () => {
    for (const q of ["PC机", "pc机", "ＰＣ机"]) {
      const hits = await search(q);
      expect(hits[0]).toMatchObject({ kind: "project", title: KUNPENG });
      expect(hits[0]!.titleHighlights).toEqual([[8, 11]]);
    }
  });

  it("ranks a title equal to the query first, then titles containing it, then text", async () => {
    const caller = callerFor(database.db, admin);
    const common = { ownerDepartmentId: departmentId, status: "planned" as const, category: "测试" };
    await caller.project.create({ fields: { ...common, name: "智能传感器产业园" } });
    await caller.project.create({ fields: { ...common, name: "园区配套", description: "服务智能传感器企业" } });
    await caller.project.create({ fields: { ...common, name: "智能传感器" } });
    const hits = await search("智能传感器");
    expect(titlesOf(hits).slice(0, 3)).toEqual(["智能传感器", "智能传感器产业园", "园区配套"]);
    expect(highlighted(hits[2]!.passage)).toEqual(["智能传感器"]);
  });

  it("answers nothing for text that is only punctuation, and refuses an empty query clearly", async () => {
    expect(await search("，。")).toEqual([]);
    const empty = await search("   ").catch((error: unknown) => error);
    expect(empty).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("is required") });
    await expect(search("鲲".repeat(101))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers nothing at all without login", async () => {
    const refused = await search("鲲鹏", null).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("UNAUTHORIZED");
  });
});

describe("search: the index follows changes", () => {
  it("follows renamed and deleted sections, and renamed projects inside citing sections", async () => {
    const caller = callerFor(database.db, admin);
    const [section] = await database.db.select().from(sections).where(eq(sections.title, "扩大开放合作"));
    await caller.section.rename({ sectionId: section!.id, title: "扩大开放合作与招商引资" });
    expect(titlesOf(await search("招商引资"), "section")).toContain("扩大开放合作与招商引资");

    const [project] = await database.db.select().from(projects).where(eq(projects.name, KUNPENG));
    await caller.project.update({ projectId: project!.id, fields: { name: "黄河鲲鹏计算产业基地" } });
    const renamed = await search("计算产业基地");
    expect(titlesOf(renamed, "project")).toEqual(["黄河鲲鹏计算产业基地"]);
    expect(titlesOf(renamed, "section")).toEqual(expect.arrayContaining(["重点项目建设", "培育壮大新兴产业"]));
    await caller.project.update({ projectId: project!.id, fields: { name: KUNPENG } });

    const created = await caller.section.create({ planId: section!.planId, parentId: null, title: "数字孪生城市专题", ownerDepartmentId: departmentId });
    expect(titlesOf(await search("数字孪生"))).toEqual(["数字孪生城市专题"]);
    await caller.section.delete({ sectionId: created.id, confirmTextLoss: true });
    expect(await search("数字孪生")).toEqual([]);
    expect(await database.db.select().from(searchEntries).where(eq(searchEntries.entityId, created.id))).toEqual([]);
  });

  it("finds text typed live a moment ago, through a real collaboration client", async () => {
    const [section] = await database.db.select().from(sections).where(eq(sections.title, "人才引进与培养"));
    const [editorRow] = await database.db.select().from(users).where(eq(users.username, "admin"));
    const server = await startCollabServer(database.db);
    let client: TestClient | undefined;
    try {
      client = connectClient(server.wsBase, section!.id, await sessionCookie(editorRow!), server.origin);
      await eventually(() => expect(client!.provider.synced).toBe(true));
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("引进量子通信领军团队三个")]);
      client.doc.getXmlFragment("default").push([paragraph]);
      const typedAt = Date.now();
      await eventually(async () => {
        const hits = await search("量子通信");
        expect(hits).toHaveLength(1);
        expect(hits[0]).toMatchObject({ kind: "section", id: section!.id, title: "人才引进与培养" });
        expect(highlighted(hits[0]!.passage)).toEqual(["量子通信"]);
      }, 3000, 100);
      expect(Date.now() - typedAt).toBeLessThan(3000);
    } finally {
      client?.destroy();
      await server.close();
    }
  });

  it("live indexing writes only the rows that changed, at most once per interval per section", async () => {
    const [section] = await database.db.select().from(sections).where(eq(sections.title, "发展基础"));
    const rowsNow = () =>
      database.db.select({ row: searchEntries.row, text: searchEntries.text, at: searchEntries.updatedAt }).from(searchEntries).where(eq(searchEntries.entityId, section!.id));
    const indexer = sectionSearchIndexer(database.db, { minIntervalMs: 400 });
    const { doc } = await loadSectionDocument(database.db, section!.id);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("新增段落")]);
    doc.getXmlFragment("default").push([paragraph]);
    indexer.stored(section!.id, doc);
    await indexer.flush();
    const before = await rowsNow();

    // Many stores in a row, one block changed: one write, after the interval, of that row only.
    const added = paragraph.get(0) as Y.XmlText;
    for (const [index, char] of [..."：星火计划"].entries()) {
      added.insert(4 + index, char);
      indexer.stored(section!.id, doc);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await search("星火计划")).toEqual([]);
    await eventually(async () => expect(titlesOf(await search("星火计划"))).toEqual(["发展基础"]), 2000, 50);
    const after = await rowsNow();
    expect(after).toHaveLength(before.length);
    const changed = after.filter((row) => before.find((old) => old.row === row.row)!.text !== row.text);
    expect(changed.map((row) => row.text)).toEqual(["新增段落：星火计划"]);
    const rewritten = after.filter((row) => row.row > 0 && row.at.getTime() !== before.find((old) => old.row === row.row)!.at.getTime());
    expect(rewritten.map((row) => row.text)).toEqual(["新增段落：星火计划"]);

    // The paragraph removed again: its row goes.
    doc.getXmlFragment("default").delete(doc.getXmlFragment("default").length - 1, 1);
    indexer.stored(section!.id, doc);
    await indexer.flush();
    expect(await search("星火计划")).toEqual([]);
    expect(await rowsNow()).toHaveLength(before.length - 1);
    doc.destroy();
  });

  it("writes several sections in one batch, every text exactly as typed, whatever characters it holds", async () => {
    const chosen = await database.db.select().from(sections).where(eq(sections.planId, (await database.db.select().from(plans).limit(1))[0]!.id)).limit(2);
    expect(chosen).toHaveLength(2);
    const indexer = sectionSearchIndexer(database.db, { minIntervalMs: 0 });
    const odd = ['引号"内"与反斜杠\\和{花括号},逗号', "NULL", "制表\t换行\n之后", "\\x00ff 看似字节"];
    const docs = chosen.map(() => new Y.Doc());
    chosen.forEach((section, index) => {
      const fragment = docs[index]!.getXmlFragment("default");
      const texts = index === 0 ? odd : ["第二节唯一的段落"];
      fragment.push(texts.map((text) => {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }));
      indexer.stored(section.id, docs[index]!);
    });
    await indexer.flush();
    const rowsOf = async (id: string) =>
      (await database.db.select({ row: searchEntries.row, blockIndex: searchEntries.blockIndex, text: searchEntries.text, kind: searchEntries.kind }).from(searchEntries).where(eq(searchEntries.entityId, id)))
        .sort((a, b) => a.row - b.row);
    expect(await rowsOf(chosen[0]!.id)).toEqual([
      { row: 0, blockIndex: null, text: chosen[0]!.title, kind: "section" },
      ...odd.map((text, index) => ({ row: index + 1, blockIndex: index, text, kind: "section" })),
    ]);
    expect(await rowsOf(chosen[1]!.id)).toEqual([
      { row: 0, blockIndex: null, text: chosen[1]!.title, kind: "section" },
      { row: 1, blockIndex: 0, text: "第二节唯一的段落", kind: "section" },
    ]);
    expect(titlesOf(await search("花括号"))).toEqual([chosen[0]!.title]);
    expect(titlesOf(await search("第二节唯一"))).toEqual([chosen[1]!.title]);
    // Back to the stored documents, so the tests after this one see the seeded text.
    for (const section of chosen) {
      const { doc } = await loadSectionDocument(database.db, section.id);
      indexer.stored(section.id, doc);
    }
    await indexer.flush();
    expect(await search("花括号")).toEqual([]);
    docs.forEach((doc) => doc.destroy());
  });

  it("indexes the sections of a plan written directly (an imported plan)", async () => {
    const [plan] = await database.db.insert(plans).values({ title: "导入的规划", periodStart: 2021, periodEnd: 2025 }).returning();
    const [section] = await database.db.insert(sections).values({ planId: plan!.id, position: 0, title: "导入章节", ownerDepartmentId: departmentId }).returning();
    const body = { type: "doc", content: [{ type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text: "氢能重卡示范线" }] }] }] }] }] };
    await database.db.insert(sectionDocuments).values({ sectionId: section!.id, state: encodeSectionDocument(body) });
    expect(await search("氢能重卡")).toEqual([]);
    await indexPlanSections(database.db, plan!.id);
    const [hit] = await search("氢能重卡");
    expect(hit).toMatchObject({ kind: "section", id: section!.id, planId: plan!.id, blockIndex: 0 });
    expect(highlighted(hit!.passage)).toEqual(["氢能重卡"]);
  });

  it("indexes at start what is missing or changed since its rows were written", async () => {
    // As if the demo had been seeded an hour ago and this is a later start.
    for (const table of ["sections", "section_documents", "projects", "indicators"])
      await database.db.execute(sql`update ${sql.identifier(table)} set updated_at = now() - interval '1 hour'`);
    await database.db.execute(sql`update section_updates set created_at = now() - interval '1 hour'`);
    await database.db.delete(searchEntries);
    expect(await search("鲲鹏")).toEqual([]);
    const indexed = await backfillSearchIndex(database.db);
    expect(indexed).toBeGreaterThan(20);
    expect(titlesOf(await search("鲲鹏"))).toContain(KUNPENG);
    expect(await backfillSearchIndex(database.db)).toBe(0);
    // A change stored after the rows (a stop before the pending index write) is picked up too.
    const [section] = await database.db.select().from(sections).where(eq(sections.title, "发展基础"));
    await database.db.update(sections).set({ updatedAt: new Date(Date.now() + 60_000) }).where(eq(sections.id, section!.id));
    expect(await backfillSearchIndex(database.db)).toBe(1);
  });
});

describe("search: live indexing under load", () => {
  it("indexes at most maxSectionsPerSecond sections a second, at most batchSize at a time, oldest first", async () => {
    const created = [];
    for (let index = 0; index < 12; index++) created.push(await makeSection(database.db, departmentId, `限速索引${index}`));
    const ids = created.map((section) => section.id);
    const indexer = sectionSearchIndexer(database.db, { minIntervalMs: 0, batchSize: 3, maxSectionsPerSecond: 10 });
    const docs = created.map((_section, index) => {
      const doc = new Y.Doc();
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`限速索引第${index}节`)]);
      doc.getXmlFragment("default").push([paragraph]);
      return doc;
    });
    created.forEach((section, index) => indexer.stored(section.id, docs[index]!));
    const writtenAt = async () =>
      new Map(
        (await database.db.select({ id: searchEntries.entityId, at: searchEntries.updatedAt }).from(searchEntries).where(and(inArray(searchEntries.entityId, ids), eq(searchEntries.row, 1)))).map(
          (row) => [row.id, row.at.getTime()],
        ),
      );
    await eventually(async () => expect((await writtenAt()).size).toBe(12), 10_000, 50);
    const times = [...(await writtenAt())].sort((a, b) => ids.indexOf(a[0]) - ids.indexOf(b[0])).map(([, at]) => at);
    // Oldest first: in the order they were marked. Sections written together carry one time.
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const batches = [...new Set(times)].map((at) => ({ at, size: times.filter((time) => time === at).length }));
    expect(Math.max(...batches.map((batch) => batch.size))).toBeLessThanOrEqual(3);
    // Each batch waits for the previous one's share of 10 a second (3 → 300 ms).
    batches.slice(1).forEach((batch, index) => expect(batch.at - batches[index]!.at).toBeGreaterThanOrEqual((batches[index]!.size * 1000) / 10 - 5));
    expect(await search("限速索引第11节")).toHaveLength(1);
    for (const doc of docs) doc.destroy();
  });
});
