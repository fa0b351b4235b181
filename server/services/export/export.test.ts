import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { plans, sections, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import type { SessionUser } from "@/server/auth/session";
import { DatabaseDocumentHost } from "@/server/collab/host";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, sessionOf } from "@/server/testing/factories";
import { createVersion, reviewStep } from "../review";
import { attributesOf, readDocx, styleXml, textOf } from "./docx-reader";
import { renderPlanDocx } from "./docx";
import { buildExportModel } from "./model";
import { renderSectionRedline } from "./redline";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let host: DatabaseDocumentHost;
let planId: string;
const people = {} as Record<"admin" | "leader" | "viewer", SessionUser>;
const now = new Date("2026-11-26T04:00:00Z");

const sectionNamed = async (title: string) => {
  const [section] = await database.db.select().from(sections).where(and(eq(sections.planId, planId), eq(sections.title, title)));
  return section!;
};

/** A logged-in user by seeded login name. */
const person = async (username: string) => {
  const [user] = await database.db.select().from(users).where(eq(users.username, username));
  return (await sessionOf(database.db, user!))!;
};

/** An editor of the department that owns the section. */
const ownerEditor = async (section: { ownerDepartmentId: string }) => {
  const [user] = await database.db.select().from(users).where(and(eq(users.departmentId, section.ownerDepartmentId), eq(users.role, "editor")));
  return (await sessionOf(database.db, user!))!;
};

/** Changes the first paragraph of a section as `user` (logged and attributed like typing). */
const editFirstParagraph = (sectionId: string, user: SessionUser, change: (text: Y.XmlText) => void) =>
  host.change(sectionId, user.id, (doc) => {
    const paragraph = doc.getXmlFragment("default").get(0) as Y.XmlElement;
    change(paragraph.get(0) as Y.XmlText);
  });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.db, { demo: true, adminPassword: "admin-pass-1", demoPassword: "demo-pass-1" });
  host = new DatabaseDocumentHost(database.db);
  planId = (await database.db.select().from(plans))[0]!.id;
  people.admin = await person("admin");
  people.leader = await person("leader1");
  people.viewer = await person("viewer");
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

describe("Word export of the seeded plan", () => {
  let docx: ReturnType<typeof readDocx>;
  beforeAll(async () => {
    const model = await buildExportModel(database.db, host, { actor: people.viewer, planId, now });
    docx = readDocx(await renderPlanDocx(model));
  });

  it("has the title, the period and the sections numbered 一、（一）1. by depth, body headings continuing the count", () => {
    expect(docx.paragraphs[0]).toMatchObject({ style: "Title", text: "「许昌智造」助力郑州都市圈建设" });
    expect(docx.paragraphs[1]!.text).toBe("（2020—2025年）");
    const headings = docx.paragraphs.filter((paragraph) => paragraph.style?.startsWith("Heading"));
    const top = headings.filter((paragraph) => paragraph.style === "Heading1").map((paragraph) => paragraph.text);
    expect(top.slice(0, 5)).toEqual(["一、总体思路", "二、强化规划引领", "三、强化创新驱动", "四、强化产业升级", "五、下一步工作"]);
    const texts = headings.map((paragraph) => `${paragraph.style}:${paragraph.text}`);
    // 总体思路's body heading is （一）; its subsections continue with （二）（三）.
    expect(texts).toEqual(
      expect.arrayContaining(["Heading2:（一）郑州都市圈“五个一”发展策略", "Heading2:（二）发展基础", "Heading2:（三）发展定位与目标", "Heading3:1.加快建设项目", "Heading3:2.谋划建设项目"]),
    );
    expect(texts.indexOf("Heading2:（一）郑州都市圈“五个一”发展策略")).toBeLessThan(texts.indexOf("Heading2:（二）发展基础"));
  });

  it("keeps the body text, lists and tables, with chips as the cited entities' names", () => {
    const body = docx.paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(body).toContain("1. 共绘一张图：以统一规划统领区域空间和产业布局");
    expect(body).toContain("1. 黄河鲲鹏服务器和PC机许昌生产基地");
    expect(body).toContain("● 立足许昌");
    expect(docx.tables[0]![0]).toEqual(["指标", "数值", "备注"]);
    expect(docx.tables[0]!.flat()).toContain("1567 家");
    const bold = docx.paragraphs.find((paragraph) => paragraph.text.startsWith("深入贯彻"))!;
    expect(bold.xml).toMatch(/<w:b\/>[\s\S]*“智造”/);
  });

  it("names the 公文 fonts (not embedded): 仿宋_GB2312 三号 body, 方正小标宋简体 二号 title, 黑体 / 楷体_GB2312 / 仿宋 headings", () => {
    const styles = docx.part("word/styles.xml");
    const defaults = /<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(styles)![0];
    expect(attributesOf(defaults, "rFonts")).toMatchObject({ eastAsia: "仿宋_GB2312", ascii: "Times New Roman", hAnsi: "Times New Roman" });
    expect(attributesOf(defaults, "sz")).toEqual({ val: "32" });
    expect(attributesOf(/<w:pPrDefault>[\s\S]*?<\/w:pPrDefault>/.exec(styles)![0], "spacing")).toMatchObject({ line: "580", lineRule: "exact" });
    expect(attributesOf(styleXml(styles, "Title"), "rFonts")).toMatchObject({ eastAsia: "方正小标宋简体" });
    expect(attributesOf(styleXml(styles, "Title"), "sz")).toEqual({ val: "44" });
    expect(attributesOf(styleXml(styles, "Heading1"), "rFonts")).toMatchObject({ eastAsia: "黑体" });
    expect(attributesOf(styleXml(styles, "Heading2"), "rFonts")).toMatchObject({ eastAsia: "楷体_GB2312" });
    expect(attributesOf(styleXml(styles, "Heading3"), "rFonts")).toMatchObject({ eastAsia: "仿宋_GB2312" });
    expect(styleXml(styles, "Heading3")).toContain("<w:b/>");
    const fonts = docx.part("word/fontTable.xml");
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体">');
    expect(docx.files.some((name) => name.startsWith("word/fonts/"))).toBe(false);
  });

  it("sets up A4 pages with the standard margins and page numbers 「— n —」 at the bottom, odd right and even left", () => {
    const sectPr = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(docx.document)![0];
    expect(attributesOf(sectPr, "pgSz")).toMatchObject({ w: "11906", h: "16838" });
    expect(attributesOf(sectPr, "pgMar")).toMatchObject({ top: "2098", bottom: "1984", left: "1587", right: "1474" });
    expect(docx.part("word/settings.xml")).toContain("<w:evenAndOddHeaders/>");
    const footerRef = (type: string) => new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"`).exec(sectPr)![1]!;
    const rels = docx.part("word/_rels/document.xml.rels");
    const footerOf = (id: string) => docx.part(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]}`);
    for (const [type, alignment] of [
      ["default", "right"],
      ["even", "left"],
    ] as const) {
      const footer = footerOf(footerRef(type));
      expect(footer).toContain("<w:instrText xml:space=\"preserve\">PAGE</w:instrText>");
      expect(textOf(footer)).toBe("—  —");
      expect(attributesOf(footer, "jc")).toEqual({ val: alignment });
      expect(attributesOf(footer, "rFonts")).toMatchObject({ eastAsia: "宋体" });
    }
  });

  it("ends with the date line and an appendix of the cited projects and indicators with their figures", () => {
    const texts = docx.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain("附件：本规划引用的项目和指标");
    const date = docx.paragraphs.find((paragraph) => paragraph.text === "2026年11月26日")!;
    expect(attributesOf(date.xml, "jc")).toEqual({ val: "right" });
    expect(texts.indexOf("附件")).toBeGreaterThan(texts.indexOf("2026年11月26日"));
    const [projectsTable, indicatorsTable] = docx.tables.slice(-2);
    expect(projectsTable![0]).toEqual(["名称", "责任单位", "状态", "总投资（亿元）", "关键指标"]);
    const kunpeng = projectsTable!.find((row) => row[0] === "黄河鲲鹏服务器和PC机许昌生产基地")!;
    expect(kunpeng.slice(0, 3)).toEqual(["黄河鲲鹏服务器和PC机许昌生产基地", "市工业和信息化局", "已投产"]);
    expect(kunpeng[4]).toContain("服务器年产能36万台");
    expect(projectsTable!.find((row) => row[0] === "许昌综合保税区")![2]).toBe("前期谋划");
    expect(indicatorsTable![0]).toEqual(["名称", "单位", "基期值", "当前值（日期）", "目标值（年份）"]);
    expect(indicatorsTable).toContainEqual(["规模工业企业数", "家", "1567（2020年）", "1567（2020）", "—"]);
    expect(indicatorsTable).toContainEqual(["新兴产业项目总投资", "亿元", "903.2（2020年）", "903.2（2020）", "—"]);
    expect(indicatorsTable).toContainEqual(["千亿级产业集群数", "个", "1（2020年）", "1（2020）", "6（2025年）"]);
  });
});

describe("what is exported", () => {
  it("approved versions only: the approved text, later edits left out, sections without approval marked", async () => {
    const overall = await sectionNamed("总体思路");
    const editor = await ownerEditor(overall);
    await reviewStep(database.db, host, { actor: editor, sectionId: overall.id, action: "section.submit" });
    await reviewStep(database.db, host, { actor: people.leader, sectionId: overall.id, action: "section.approve" });
    await editFirstParagraph(overall.id, editor, (text) => text.insert(0, "审定后补充的文字。"));

    const approved = await buildExportModel(database.db, host, { actor: people.viewer, planId, approved: true, now });
    const current = await buildExportModel(database.db, host, { actor: people.viewer, planId, now });
    const approvedDocx = readDocx(await renderPlanDocx(approved));
    const approvedText = approvedDocx.paragraphs.map((paragraph) => paragraph.text).join("\n");
    expect(approvedDocx.paragraphs[2]!.text).toBe("（审定稿）");
    expect(approvedText).toContain("深入贯彻省委、省政府");
    expect(approvedText).not.toContain("审定后补充的文字");
    // Not approved: heading and number kept, body replaced by the note.
    expect(approvedText).toContain("二、强化规划引领\n（本部分尚无审阅通过的版本，未纳入审定稿。）");
    expect(approved.sections.find((section) => section.id === overall.id)!.source).toMatchObject({ kind: "approved" });
    // The appendix lists what the approved text cites: 总体思路 cites no project.
    expect(approved.projects).toEqual([]);
    expect(JSON.stringify(current.sections[0]!.body)).toContain("审定后补充的文字");
  });

  it("one section: that section and its subsections with their numbers in the plan, and only what they cite", async () => {
    const innovation = await sectionNamed("强化创新驱动");
    const model = await buildExportModel(database.db, host, { actor: people.viewer, planId, sectionId: innovation.id, now });
    const docx = readDocx(await renderPlanDocx(model));
    const headings = docx.paragraphs.filter((paragraph) => paragraph.style?.startsWith("Heading")).map((paragraph) => paragraph.text);
    expect(headings[0]).toBe("三、强化创新驱动");
    expect(headings).toContain("（三）人才引进与培养");
    expect(headings.some((text) => text.includes("总体思路") || text.includes("强化产业升级"))).toBe(false);
    expect(docx.paragraphs[2]!.text).toBe("（节选）");
    const indicatorNames = docx.tables.at(-1)!.map((row) => row[0]);
    expect(indicatorNames).toContain("引进高层次人才");
    expect(indicatorNames).not.toContain("规模工业企业数");
  });

  it("refuses unknown plans and sections (NOT_FOUND) and goes through the tRPC router for the print view", async () => {
    await expect(buildExportModel(database.db, host, { actor: people.viewer, planId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(buildExportModel(database.db, host, { actor: people.viewer, planId, sectionId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const model = await callerFor(database.db, people.viewer).export.document({ planId, approved: false });
    expect(model.sections[0]).toMatchObject({ number: "一、", title: "总体思路" });
    await expect(callerFor(database.db, null).export.document({ planId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("redline", () => {
  it("marks insertions and deletions with Word revision marks, authored by the people who made them", async () => {
    const section = await sectionNamed("强化规划引领");
    const editor = await ownerEditor(section);
    const { id: versionId } = await createVersion(database.db, host, { actor: people.admin, sectionId: section.id, label: "征求意见稿" });
    await editFirstParagraph(section.id, editor, (text) => text.delete(0, 4));
    await editFirstParagraph(section.id, people.admin, (text) => text.insert(0, "新增的一句话。"));

    const { buffer } = await renderSectionRedline(database.db, host, { actor: people.viewer, sectionId: section.id, from: { versionId }, to: { current: true } });
    const docx = readDocx(buffer);
    expect(docx.paragraphs[0]!.text).toBe("修订对比：强化规划引领");
    expect(docx.paragraphs[1]!.text).toMatch(/^比较：版本「征求意见稿」（\d{4}年\d{1,2}月\d{1,2}日） → 当前内容$/);
    const insertions = [...docx.document.matchAll(/<w:ins ([^>]*)>([\s\S]*?)<\/w:ins>/g)].map((match) => ({ author: attributesOf(`<w:x ${match[1]}/>`, "x")!.author, text: textOf(match[2]!) }));
    const deletions = [...docx.document.matchAll(/<w:del ([^>]*)>([\s\S]*?)<\/w:del>/g)].map((match) => ({ author: attributesOf(`<w:x ${match[1]}/>`, "x")!.author, text: textOf(match[2]!) }));
    expect(insertions).toEqual([{ author: "系统管理员（市人民政府办公室）", text: "新增的一句话。" }]);
    expect(deletions).toEqual([{ author: `${editor.displayName}（市自然资源和规划局）`, text: "坚持规划" }]);
    expect(docx.document).toContain("<w:delText");
    // Unchanged text stays plain.
    expect(docx.paragraphs.find((paragraph) => paragraph.text.includes("先行，以高水平规划引领"))).toBeDefined();
  });

  it("from the approved version with none approved yet: everything is an insertion by its author (the seed: original text)", async () => {
    const section = await sectionNamed("强化产业升级");
    const { buffer } = await renderSectionRedline(database.db, host, { actor: people.viewer, sectionId: section.id, from: { approved: true }, to: { current: true } });
    const docx = readDocx(buffer);
    expect(docx.paragraphs[1]!.text).toBe("比较：（空白） → 当前内容");
    expect(docx.document).toContain('w:author="原始文本"');
    expect(docx.document).not.toContain("<w:del ");
  });
});
