import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, indicatorObservations, projects, projectStatusChanges, sectionLinks } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { referencesInDocument } from "@/lib/editor/reference-links";
import { syncSectionLinks } from "@/server/services/section-links";
import { createTestDatabase } from "@/server/testing/db";
import { makeSection } from "@/server/testing/collab";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { failureOf } from "@/server/testing/trpc-failure";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;
let leader: SessionUser;
let department: { id: string; name: string; code: string };
let otherDepartment: { id: string; name: string; code: string };

beforeAll(async () => {
  database = await createTestDatabase();
  department = await makeDepartment(database.db, { name: "市工业和信息化局", code: "GXJ" });
  otherDepartment = await makeDepartment(database.db, { name: "市科学技术局", code: "KJJ" });
  admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId: department.id })))!;
  editor = (await sessionOf(database.db, await makeUser(database.db, { role: "editor", departmentId: department.id })))!;
  otherEditor = (await sessionOf(database.db, await makeUser(database.db, { role: "editor", departmentId: otherDepartment.id })))!;
  leader = (await sessionOf(database.db, await makeUser(database.db, { role: "leader", departmentId: department.id })))!;
});
afterAll(async () => database?.drop());

const kunpeng = () => ({
  name: "黄河鲲鹏服务器和PC机许昌生产基地",
  category: "新一代信息技术",
  ownerDepartmentId: department.id,
  status: "in_production" as const,
  figures: [{ label: "服务器年产能", value: 36, unit: "万台" }],
});

describe("projects", () => {
  it("owner-department editors create and update; status changes are recorded with who and when", async () => {
    const caller = callerFor(database.db, editor);
    const { id } = await caller.project.create({ fields: kunpeng(), milestones: [{ title: "建成投产", dueDate: "2019-12-01", done: true }] });
    await caller.project.update({ projectId: id, fields: { status: "completed" } });
    const project = await caller.project.get({ projectId: id });
    expect(project.status).toBe("completed");
    expect(project.milestones).toEqual([expect.objectContaining({ title: "建成投产", done: true })]);
    expect(project.statusHistory.map((change) => `${change.fromStatus}->${change.toStatus}`)).toEqual(["in_production->completed", "null->in_production"]);
    expect(project.statusHistory[0]!.by).toBe(editor.displayName);
    expect(project.canEdit).toBe(true);
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, id))).map((event) => event.action);
    expect(actions.sort()).toEqual(["project.create", "project.update"]);
  });

  it("an update changes only the fields it names", async () => {
    const caller = callerFor(database.db, editor);
    const { id } = await caller.project.create({ fields: { ...kunpeng(), name: "部分更新项目", totalInvestment: 12.5, startDate: "2020-01-01", location: "许昌" } });
    await caller.project.update({ projectId: id, fields: { status: "planned" } });
    const project = await caller.project.get({ projectId: id });
    expect(project).toMatchObject({ status: "planned", totalInvestment: 12.5, startDate: "2020-01-01", location: "许昌" });
    expect(project.figures).toHaveLength(1);
    const indicator = await caller.indicator.create({ fields: { name: "部分更新指标", unit: "家", category: "c", ownerDepartmentId: department.id, targetValue: 10, targetYear: 2025, description: "说明" } });
    await caller.indicator.update({ indicatorId: indicator.id, fields: { unit: "个" } });
    expect(await caller.indicator.get({ indicatorId: indicator.id })).toMatchObject({ unit: "个", targetValue: 10, targetYear: 2025, description: "说明" });
  });

  it("refuses other departments' editors and leaders (FORBIDDEN), and lets everyone read", async () => {
    const [project] = await database.db.select().from(projects).limit(1);
    expect((await failureOf(callerFor(database.db, otherEditor).project.update({ projectId: project!.id, fields: { status: "suspended" } }))).code).toBe("FORBIDDEN");
    expect((await failureOf(callerFor(database.db, otherEditor).project.create({ fields: { ...kunpeng(), name: "越权项目" } }))).code).toBe("FORBIDDEN");
    expect((await failureOf(callerFor(database.db, leader).project.update({ projectId: project!.id, fields: { status: "suspended" } }))).code).toBe("FORBIDDEN");
    expect((await failureOf(callerFor(database.db, leader).indicator.create({ fields: { name: "x", unit: "家", category: "c", ownerDepartmentId: department.id } }))).code).toBe("FORBIDDEN");
    const listed = await callerFor(database.db, leader).project.list({ status: "completed" });
    expect(listed.map((row) => row.name)).toContain("黄河鲲鹏服务器和PC机许昌生产基地");
    expect(listed[0]!.canEdit).toBe(false);
    expect(await database.db.select().from(projectStatusChanges).where(eq(projectStatusChanges.toStatus, "suspended"))).toHaveLength(0);
  });

  it("refuses deleting a cited project, naming the citing sections; an uncited one is deleted", async () => {
    const caller = callerFor(database.db, editor);
    const [project] = await database.db.select().from(projects).where(eq(projects.name, "黄河鲲鹏服务器和PC机许昌生产基地"));
    const section = await makeSection(database.db, department.id, "正文");
    await syncSectionLinks(database.db, section.id, { projects: [project!.id], indicators: [] });
    const refused = await failureOf(caller.project.delete({ projectId: project!.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain(section.title);
    expect((await caller.project.get({ projectId: project!.id })).citedBy.map((citing) => citing.id)).toEqual([section.id]);
    await caller.project.setArchived({ projectId: project!.id, archived: true });
    expect((await caller.project.list()).some((row) => row.id === project!.id)).toBe(false);
    expect((await caller.project.list({ includeArchived: true })).some((row) => row.id === project!.id)).toBe(true);
    const spare = await caller.project.create({ fields: { ...kunpeng(), name: "临时项目" } });
    await caller.project.delete({ projectId: spare.id });
    expect(await database.db.select().from(projects).where(eq(projects.id, spare.id))).toHaveLength(0);
  });

  it("names the field of bad input", async () => {
    const caller = callerFor(database.db, editor);
    for (const [fields, field] of [
      [{ ...kunpeng(), name: "" }, "fields.name"],
      [{ ...kunpeng(), status: "done" }, "fields.status"],
      [{ ...kunpeng(), totalInvestment: -1 }, "fields.totalInvestment"],
      [{ ...kunpeng(), startDate: "2020-13-01" }, "fields.startDate"],
    ] as const) {
      const error = await failureOf(caller.project.create({ fields: fields as never }));
      expect(error.code).toBe("BAD_REQUEST");
      expect((error.cause as unknown as { issues: { path: string[] }[] }).issues[0]!.path.join(".")).toBe(field);
    }
    const dates = await failureOf(caller.project.create({ fields: { ...kunpeng(), name: "倒序日期", startDate: "2021-01-01", endDate: "2020-01-01" } }));
    expect(dates.code).toBe("BAD_REQUEST");
  });
});

describe("indicators", () => {
  it("records observations, reports the latest value and progress, refuses a period twice", async () => {
    const caller = callerFor(database.db, editor);
    const { id } = await caller.indicator.create({
      fields: { name: "上云企业数", unit: "家", category: "产业升级", ownerDepartmentId: department.id, baselineValue: 2000, baselineYear: 2019, targetValue: 3000, targetYear: 2025 },
    });
    await caller.indicator.addObservation({ indicatorId: id, period: "2020", value: 2240, source: "许昌日报" });
    const duplicate = await failureOf(caller.indicator.addObservation({ indicatorId: id, period: "2020", value: 2300, source: "x" }));
    expect(duplicate.code).toBe("CONFLICT");
    await caller.indicator.addObservation({ indicatorId: id, period: "2021-06", value: 2500, source: "统计月报" });
    const indicator = await caller.indicator.get({ indicatorId: id });
    expect(indicator.latest).toMatchObject({ period: "2021-06", value: 2500 });
    expect(indicator.progress).toBeCloseTo(0.5);
    expect(indicator.observations[0]!.recordedBy).toBe(editor.displayName);
    expect((await failureOf(caller.indicator.addObservation({ indicatorId: id, period: "2020年", value: 1, source: "x" }))).code).toBe("BAD_REQUEST");
    expect((await failureOf(callerFor(database.db, otherEditor).indicator.addObservation({ indicatorId: id, period: "2022", value: 1, source: "x" }))).code).toBe("FORBIDDEN");
  });
});

describe("CSV import and export", () => {
  it("exports projects as UTF-8 with BOM and Chinese headers", async () => {
    const csv = await callerFor(database.db, leader).project.exportCsv();
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split("\r\n")[0]).toBe("\uFEFF名称,类别,责任部门,状态,总投资（亿元）,开工日期,竣工日期,地点,简介");
    expect(csv).toContain("黄河鲲鹏服务器和PC机许昌生产基地");
  });

  it("a file with bad rows changes nothing and reports every bad row with line, column and reason", async () => {
    const before = await database.db.select().from(projects);
    const csv = [
      "名称,类别,责任部门,状态,总投资（亿元）,开工日期,竣工日期,地点,简介",
      "许昌生物医药产业园,生物医药,市工业和信息化局,在建,50,2020-01-01,,许昌,",
      "长葛产业新城特色产业园,园区,不存在的局,在建,,,,,",
      "许昌综合保税区,开放平台,GXJ,规划中,,,,,",
      "中德产业园,开放平台,GXJ,前期谋划,十亿,2020-02-30,,,",
      "许昌生物医药产业园,生物医药,GXJ,在建,,,,,",
      "科技项目,科技,市科学技术局,在建,,,,,",
    ].join("\n");
    const result = await callerFor(database.db, editor).project.importCsv({ csv });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => `${error.line}:${error.column}:${error.reason}`)).toEqual([
      "3:责任部门:unknown_department",
      "4:状态:unknown_status",
      "5:总投资（亿元）:bad_number",
      "5:开工日期:bad_date",
      "6:名称:duplicate",
      "7:责任部门:forbidden",
    ]);
    expect(await database.db.select().from(projects)).toHaveLength(before.length);
  });

  it("a valid file is written in one go: new names created, known names updated", async () => {
    const csv = "\uFEFF名称,类别,责任部门,状态,总投资（亿元）\r\n许昌生物医药产业园,生物医药,GXJ,在建,\"1,050.5\"\r\n临时项目二,园区,市工业和信息化局,已投产,０．５\r\n";
    const result = await callerFor(database.db, editor).project.importCsv({ csv });
    expect(result).toEqual({ ok: true, created: 2, updated: 0 });
    const again = await callerFor(database.db, editor).project.importCsv({ csv: csv.replace("已投产", "已完成") });
    expect(again).toEqual({ ok: true, created: 0, updated: 2 });
    const [row] = await database.db.select().from(projects).where(eq(projects.name, "许昌生物医药产业园"));
    expect(row!.totalInvestment).toBe(1050.5);
  });

  it("imports observations all-or-nothing, reporting unknown indicators, bad numbers, bad periods and duplicates", async () => {
    const caller = callerFor(database.db, editor);
    const before = await database.db.select().from(indicatorObservations);
    const bad = ["指标名称,期间,数值,来源", "上云企业数,2022,2600,统计", "不存在的指标,2022,1,x", "上云企业数,2023,两千,x", "上云企业数,23年,1,x", "上云企业数,2022,2700,x", "上云企业数,2020,1,x"].join("\n");
    const result = await caller.indicator.importObservationsCsv({ csv: bad });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => `${error.line}:${error.reason}`)).toEqual(["3:unknown_indicator", "4:bad_number", "5:bad_period", "6:duplicate", "7:already_recorded"]);
    expect(await database.db.select().from(indicatorObservations)).toHaveLength(before.length);
    const good = await caller.indicator.importObservationsCsv({ csv: "指标名称,期间,数值,来源\n上云企业数,2022,2600,统计\n上云企业数,2023-Q1,2650,统计" });
    expect(good).toEqual({ ok: true, created: 2, updated: 0 });
    const exported = await caller.indicator.exportObservationsCsv();
    expect(exported).toContain("上云企业数,2023-Q1,2650,统计");
  });

  it("reports a file without the required columns", async () => {
    const result = await callerFor(database.db, editor).project.importCsv({ csv: "name,category\nx,y" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.every((error) => error.line === 1 && error.reason === "missing_column")).toBe(true);
  });
});

describe("section links", () => {
  it("are derived from the chips in a section document; unknown ids are ignored", async () => {
    const [project] = await database.db.select().from(projects).limit(1);
    const section = await makeSection(database.db, department.id, "x");
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    const chip = new Y.XmlElement("projectRef");
    chip.setAttribute("id", project!.id);
    const ghost = new Y.XmlElement("indicatorRef");
    ghost.setAttribute("id", "00000000-0000-4000-8000-000000000bad");
    paragraph.insert(0, [new Y.XmlText("见"), chip, ghost]);
    doc.getXmlFragment("default").insert(0, [paragraph]);
    const references = referencesInDocument(doc);
    expect(references).toEqual({ projects: [project!.id], indicators: ["00000000-0000-4000-8000-000000000bad"] });
    await syncSectionLinks(database.db, section.id, references);
    expect(await database.db.select().from(sectionLinks).where(eq(sectionLinks.sectionId, section.id))).toEqual([
      expect.objectContaining({ targetType: "project", targetId: project!.id }),
    ]);
    await syncSectionLinks(database.db, section.id, { projects: [], indicators: [] });
    expect(await database.db.select().from(sectionLinks).where(eq(sectionLinks.sectionId, section.id))).toHaveLength(0);
  });
});
