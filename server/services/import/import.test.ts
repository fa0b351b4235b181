import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, plans, searchEntries, sectionDocuments, sections, sectionUpdates } from "@/db/schema";
import { loadSectionDocument } from "@/server/collab/persistence";
import { DatabaseDocumentHost } from "@/server/collab/host";
import { PolicyDeniedError } from "@/server/policy";
import { encodeSectionDocument } from "@/server/services/section-documents";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import type { SessionUser } from "@/server/auth/session";
import { convertFile, htmlToSectionBody, MAX_IMPORT_BYTES } from "./convert";
import { ImportError } from "./errors";
import { makeDocxFixture, makeLyingZip, makeZipBomb } from "./fixtures";
import { importAsPlan, importIntoSection } from "./index";

type Json = { type: string; attrs?: Record<string, unknown>; marks?: { type: string; attrs?: Record<string, unknown> }[]; text?: string; content?: Json[] };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;
let viewer: SessionUser;
let departmentId: string;
let planId: string;
let docx: Buffer;

const textOf = (node: Json): string => (node.text ?? "") + (node.content ?? []).map(textOf).join("");
const nodesOf = (node: Json, type: string): Json[] => [...(node.type === type ? [node] : []), ...(node.content ?? []).flatMap((child) => nodesOf(child, type))];
const markedText = (node: Json, mark: string): string[] =>
  node.text !== undefined ? (node.marks?.some((m) => m.type === mark) ? [node.text] : []) : (node.content ?? []).flatMap((child) => markedText(child, mark));

async function makeSection(body: Json = { type: "doc", content: [{ type: "paragraph" }] }, owner = departmentId) {
  const [section] = await database.db.insert(sections).values({ planId, position: 0, title: "导入测试", ownerDepartmentId: owner }).returning();
  await database.db.insert(sectionDocuments).values({ sectionId: section!.id, state: encodeSectionDocument(body) });
  return section!;
}

async function storedBody(sectionId: string): Promise<Json> {
  const { doc } = await loadSectionDocument(database.db, sectionId);
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(SECTION_FRAGMENT)) as Json;
  doc.destroy();
  return json;
}

const updateCount = async (sectionId: string) => (await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId))).length;
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  const otherDepartmentId = (await makeDepartment(database.db)).id;
  const session = async (role: "admin" | "editor" | "viewer", department = departmentId) =>
    (await sessionOf(database.db, await makeUser(database.db, { role, departmentId: department })))!;
  admin = await session("admin");
  editor = await session("editor");
  otherEditor = await session("editor", otherDepartmentId);
  viewer = await session("viewer");
  const [plan] = await database.db.insert(plans).values({ title: "已有规划", periodStart: 2021, periodEnd: 2025 }).returning();
  planId = plan!.id;
  docx = await makeDocxFixture();
});
afterAll(async () => {
  await database?.drop();
});

describe("converting Word and Markdown", () => {
  it("keeps the Word document's headings (English and Chinese style names), lists, marks, link and table; drops the picture", async () => {
    const { doc, summary, title } = await convertFile(docx, "docx");
    expect(title).toBe("许昌市智能制造发展规划（2021—2025年）");
    const headings = nodesOf(doc, "heading").map((heading) => [heading.attrs?.level, textOf(heading)]);
    expect(headings).toEqual([
      [1, "总体要求"],
      [2, "发展目标"],
      [1, "重点任务"],
    ]);
    expect(nodesOf(doc, "bulletList").map(textOf)).toEqual(["培育龙头企业建设智能工厂"]);
    expect(nodesOf(doc, "orderedList").map(textOf)).toEqual(["摸清底数分步实施"]);
    expect(nodesOf(doc, "listItem")).toHaveLength(4);
    expect(markedText(doc, "bold")).toEqual(["创新驱动"]);
    expect(markedText(doc, "italic")).toEqual(["数字化转型"]);
    const links = nodesOf(doc, "text").filter((node) => node.marks?.some((mark) => mark.type === "link"));
    expect(links.map((node) => [node.text, node.marks!.find((mark) => mark.type === "link")!.attrs!.href])).toEqual([["市政府网站", "https://www.xuchang.gov.cn/"]]);
    const [table] = nodesOf(doc, "table");
    expect(table!.content!.map((row) => row.content!.map(textOf))).toEqual([
      ["指标", "2025年目标"],
      ["智能制造产值", "1000亿元"],
    ]);
    expect(summary).toMatchObject({ headings: 3, lists: 2, tables: 1, links: 1, dropped: { images: 1, embedded: 0, unsafeLinks: 0, references: 0 } });
  });

  it("converts Markdown the same way", async () => {
    const markdown = "# 总体要求\n\n坚持**创新驱动**，推进*数字化转型*，见[网站](https://www.xuchang.gov.cn/)。\n\n## 发展目标\n\n- 培育龙头企业\n- 建设智能工厂\n\n1. 摸清底数\n2. 分步实施\n\n| 指标 | 目标 |\n|---|---|\n| 产值 | 1000亿元 |\n";
    const { doc, summary } = await convertFile(Buffer.from(markdown), "markdown");
    expect(nodesOf(doc, "heading").map((heading) => [heading.attrs?.level, textOf(heading)])).toEqual([
      [1, "总体要求"],
      [2, "发展目标"],
    ]);
    expect(markedText(doc, "bold")).toEqual(["创新驱动"]);
    expect(markedText(doc, "italic")).toEqual(["数字化转型"]);
    expect(nodesOf(doc, "bulletList")).toHaveLength(1);
    expect(nodesOf(doc, "orderedList")).toHaveLength(1);
    expect(nodesOf(doc, "tableRow").map((row) => row.content!.map(textOf))).toEqual([
      ["指标", "目标"],
      ["产值", "1000亿元"],
    ]);
    expect(summary).toMatchObject({ headings: 2, lists: 2, tables: 1, links: 1 });
  });

  it("reads Markdown saved as GB18030 by a Chinese Windows editor", async () => {
    const gbk = Buffer.from([0xd7, 0xdc, 0xcc, 0xe5, 0xd2, 0xaa, 0xc7, 0xf3]); // 总体要求
    const { doc } = await convertFile(Buffer.concat([Buffer.from("# "), gbk]), "markdown");
    expect(textOf(doc)).toBe("总体要求");
  });

  it("sanitises malicious HTML and Markdown: no scripts, handlers, frames, javascript:/data: links or chips", async () => {
    const markdown = [
      "# 标题",
      "",
      "<script>alert('x')</script>",
      "",
      '<img src="x" onerror="alert(1)">',
      "",
      '<p onclick="steal()" style="color:red">点我 <a href="javascript:alert(2)">恶意链接</a> <a href="JaVa\tScRiPt:alert(3)">变形</a> <a href="data:text/html,<script>alert(4)</script>">数据</a> <a href="mailto:a@b.cn">邮件</a></p>',
      "",
      '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>',
      "",
      '<span data-project-ref="00000000-0000-4000-8000-000000000000">伪造引用</span>',
      "",
      "[md 链接](javascript:alert(5)) 与 <svg><script>alert(6)</script></svg>",
    ].join("\n");
    const { doc, summary } = await convertFile(Buffer.from(markdown), "markdown");
    const serialised = JSON.stringify(doc);
    expect(serialised).not.toMatch(/alert|javascript|onerror|onclick|iframe|evil\.example|data:|steal/i);
    expect(nodesOf(doc, "projectRef")).toHaveLength(0);
    const hrefs = nodesOf(doc, "text").flatMap((node) => (node.marks ?? []).filter((mark) => mark.type === "link").map((mark) => mark.attrs!.href));
    expect(hrefs).toEqual(["mailto:a@b.cn"]);
    expect(textOf(doc)).toContain("恶意链接");
    expect(textOf(doc)).toContain("伪造引用");
    expect(summary.dropped).toEqual({ images: 1, embedded: 4, unsafeLinks: 4, references: 1 });
    expect(textOf(doc)).toContain("md 链接");
  });

  it("parses only into the editor's schema: unknown elements keep their text, nothing else", () => {
    const { doc } = htmlToSectionBody('<marquee>滚动</marquee><blink>闪烁</blink><h7>七级</h7><table><tr><td>单元格<video src="v.mp4"></video></td></tr></table>');
    expect(textOf(doc)).toBe("滚动闪烁七级单元格");
    expect(nodesOf(doc, "table")).toHaveLength(1);
  });

  it("refuses empty, unknown, fake and oversized files with typed errors", async () => {
    const code = async (bytes: Buffer, format: "docx" | "markdown") => ((await refusal(convertFile(bytes, format))) as ImportError).code;
    expect(await code(Buffer.alloc(0), "markdown")).toBe("EMPTY_FILE");
    expect(await code(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61), "markdown")).toBe("FILE_TOO_LARGE");
    expect(await code(Buffer.from("not a zip at all"), "docx")).toBe("NOT_ZIP");
    expect(await code(Buffer.from("   \n\n  "), "markdown")).toBe("NO_CONTENT");
    expect(await code(makeZipBomb(60), "docx")).toBe("ZIP_TOO_LARGE");
    expect(await code(makeZipBomb(5), "docx")).toBe("ZIP_RATIO");
    expect(await code(makeLyingZip(40), "docx")).toBe("ZIP_RATIO");
  });

  it("refuses a document with too many nodes", async () => {
    const markdown = Array.from({ length: 18_000 }, (_, index) => `- 第${index}项`).join("\n");
    expect(((await refusal(convertFile(Buffer.from(markdown), "markdown"))) as ImportError).code).toBe("TOO_MANY_NODES");
  });
});

describe("importing into a section", () => {
  const host = () => new DatabaseDocumentHost(database.db);

  it("fills an empty section with the Word document, as one update attributed to the importer, audited", async () => {
    const section = await makeSection();
    const result = await importIntoSection(database.db, host(), { actor: editor, sectionId: section.id, file: { fileName: "规划.docx", bytes: docx } });
    expect(result).toMatchObject({ sectionId: section.id, planId, format: "docx", summary: { tables: 1, dropped: { images: 1 } } });
    const body = await storedBody(section.id);
    // The document's title paragraph becomes the first heading of the section.
    // Headings fit the editor's H3/H4, in their order of rank.
    expect(nodesOf(body, "heading").map((heading) => [heading.attrs?.level, textOf(heading)])).toEqual([
      [3, "许昌市智能制造发展规划（2021—2025年）"],
      [3, "总体要求"],
      [4, "发展目标"],
      [3, "重点任务"],
    ]);
    expect(nodesOf(body, "bulletList")).toHaveLength(1);
    expect(nodesOf(body, "orderedList")).toHaveLength(1);
    expect(nodesOf(body, "tableCell").map(textOf)).toContain("1000亿元");
    expect(markedText(body, "bold")).toEqual(["创新驱动"]);
    const updates = await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, section.id));
    expect(updates.map((update) => update.userId)).toEqual([editor.id]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "section.import"), eq(auditEvents.targetId, section.id)));
    expect(audit).toMatchObject({ actorId: editor.id, details: { fileName: "规划.docx", format: "docx" } });
  });

  it("imports Markdown into a section", async () => {
    const section = await makeSection();
    await importIntoSection(database.db, host(), { actor: admin, sectionId: section.id, file: { fileName: "a.md", bytes: Buffer.from("## 小节\n\n- 一\n- 二\n") } });
    const body = await storedBody(section.id);
    expect(nodesOf(body, "heading").map(textOf)).toEqual(["小节"]);
    expect(nodesOf(body, "listItem").map(textOf)).toEqual(["一", "二"]);
  });

  it("refuses a section that has text, a viewer and another department's editor; nothing is written", async () => {
    const filled = await makeSection({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "已有内容" }] }] });
    const error = (await refusal(importIntoSection(database.db, host(), { actor: editor, sectionId: filled.id, file: { fileName: "a.docx", bytes: docx } }))) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.code).toBe("SECTION_NOT_EMPTY");
    expect(await storedBody(filled.id)).toEqual({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "已有内容" }] }] });

    const empty = await makeSection();
    for (const actor of [viewer, otherEditor]) {
      const denied = await refusal(importIntoSection(database.db, host(), { actor, sectionId: empty.id, file: { fileName: "a.docx", bytes: docx } }));
      expect(denied).toBeInstanceOf(PolicyDeniedError);
    }
    expect(await updateCount(empty.id)).toBe(0);
  });

  it("writes nothing when the file is refused (zip bomb, oversized)", async () => {
    const section = await makeSection();
    for (const bytes of [makeZipBomb(60), Buffer.alloc(MAX_IMPORT_BYTES + 1)]) {
      const error = (await refusal(importIntoSection(database.db, host(), { actor: editor, sectionId: section.id, file: { fileName: "炸弹.docx", bytes } }))) as ImportError;
      expect(["ZIP_TOO_LARGE", "FILE_TOO_LARGE"]).toContain(error.code);
    }
    expect(await updateCount(section.id)).toBe(0);
    expect(await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, section.id))).toHaveLength(0);
  });
});

describe("importing as a new plan", () => {
  it("makes a section of each top-level heading, with the text under it as its body, in one transaction", async () => {
    const result = await importAsPlan(database.db, { actor: admin, file: { fileName: "智造规划.docx", bytes: docx }, names: { prefaceTitle: "前言" } });
    expect(result).toMatchObject({ title: "许昌市智能制造发展规划（2021—2025年）", sectionCount: 3, format: "docx" });
    const [plan] = await database.db.select().from(plans).where(eq(plans.id, result.planId));
    expect(plan).toMatchObject({ periodStart: 2021, periodEnd: 2025 });
    const rows = await database.db.select().from(sections).where(eq(sections.planId, result.planId)).orderBy(sections.position);
    expect(rows.map((row) => [row.title, row.position, row.ownerDepartmentId, row.parentId])).toEqual([
      ["前言", 0, admin.departmentId, null],
      ["总体要求", 1, admin.departmentId, null],
      ["重点任务", 2, admin.departmentId, null],
    ]);
    expect(textOf(await storedBody(rows[0]!.id))).toBe("本规划依据国家和省有关要求编制。");
    const chapter = await storedBody(rows[1]!.id);
    expect(nodesOf(chapter, "heading").map((heading) => [heading.attrs?.level, textOf(heading)])).toEqual([[3, "发展目标"]]);
    expect(nodesOf(chapter, "table")).toHaveLength(1);
    expect(nodesOf(chapter, "bulletList")).toHaveLength(1);
    expect(textOf(await storedBody(rows[2]!.id))).toBe("建设黄河鲲鹏服务器和PC机许昌生产基地。");
    // The new sections are searchable at once.
    const indexed = await database.db.select({ entityId: searchEntries.entityId }).from(searchEntries);
    for (const row of rows) expect(indexed.map((entry) => entry.entityId)).toContain(row.id);
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, result.planId));
    expect(audit).toMatchObject({ action: "plan.import", actorId: admin.id, details: { sections: 3 } });
  });

  it("takes the title given, or a Markdown document's single top heading, and the chosen department", async () => {
    const markdown = Buffer.from("# 数字经济规划\n\n## 第一章\n\n正文一\n\n### 细节\n\n更多\n\n## 第二章\n\n正文二\n");
    const other = await makeDepartment(database.db);
    const fromDocument = await importAsPlan(database.db, { actor: admin, file: { fileName: "x.md", bytes: markdown }, departmentId: other.id, names: { prefaceTitle: "前言" } });
    expect(fromDocument.title).toBe("数字经济规划");
    const rows = await database.db.select().from(sections).where(eq(sections.planId, fromDocument.planId)).orderBy(sections.position);
    expect(rows.map((row) => [row.title, row.ownerDepartmentId])).toEqual([
      ["第一章", other.id],
      ["第二章", other.id],
    ]);
    expect(nodesOf(await storedBody(rows[0]!.id), "heading").map(textOf)).toEqual(["细节"]);
    const named = await importAsPlan(database.db, { actor: admin, file: { fileName: "x.md", bytes: markdown }, title: "自定名称", names: { prefaceTitle: "前言" } });
    expect(named.title).toBe("自定名称");
    const plain = await importAsPlan(database.db, { actor: admin, file: { fileName: "会议纪要.md", bytes: Buffer.from("没有标题的一段文字。") }, names: { prefaceTitle: "前言" } });
    expect(plain).toMatchObject({ title: "会议纪要", sectionCount: 1 });
  });

  it("is for admins only, and a refused file leaves no plan behind", async () => {
    const before = (await database.db.select().from(plans)).length;
    expect(await refusal(importAsPlan(database.db, { actor: editor, file: { fileName: "a.docx", bytes: docx }, names: { prefaceTitle: "前言" } }))).toBeInstanceOf(PolicyDeniedError);
    const bomb = (await refusal(importAsPlan(database.db, { actor: admin, file: { fileName: "a.docx", bytes: makeZipBomb(60) }, names: { prefaceTitle: "前言" } }))) as ImportError;
    expect(bomb.code).toBe("ZIP_TOO_LARGE");
    expect((await database.db.select().from(plans)).length).toBe(before);
  });
});
