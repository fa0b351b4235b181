import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { departments, indicatorObservations, indicators, plans, projects, sectionDocuments, sectionLinks, sections, users } from "@/db/schema";
import { verifyPassword } from "@/server/auth/password";
import { decodeSectionDocument } from "@/server/services/section-documents";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, sessionOf } from "@/server/testing/factories";
import { seedDatabase } from "./index";

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

const textOf = (node: { text?: string; content?: unknown[] }): string =>
  (node.text ?? "") + (node.content ?? []).map((child) => textOf(child as never)).join("");

describe("seed", () => {
  it("seeds the demo plan into an empty database, with every section stored as a Yjs document", async () => {
    database = await createTestDatabase();
    const result = await seedDatabase(database.db, { demo: true, adminPassword: "admin-pass-1", demoPassword: "demo-pass-1" });
    expect(result.seeded).toBe(true);

    const [plan] = await database.db.select().from(plans);
    expect(plan!.title).toBe("「许昌智造」助力郑州都市圈建设");
    const sectionRows = await database.db.select().from(sections).where(eq(sections.planId, plan!.id));
    const topTitles = sectionRows.filter((section) => !section.parentId).sort((a, b) => a.position - b.position).map((section) => section.title);
    expect(topTitles).toHaveLength(5);
    expect(topTitles.join("|")).toMatch(/总体思路.*强化规划引领.*强化创新驱动.*强化产业升级.*下一步/);
    expect(sectionRows.some((section) => section.parentId)).toBe(true);

    const documents = await database.db.select().from(sectionDocuments);
    expect(documents).toHaveLength(sectionRows.length);
    const allText = documents.map((document) => textOf(decodeSectionDocument(document.state) as never)).join("\n");
    for (const figure of ["1567", "903.2", "2240", "788", "15 亿元", "36 万台"]) expect(allText).toContain(figure);

    expect((await database.db.select().from(departments)).length).toBeGreaterThanOrEqual(6);
    const projectNames = (await database.db.select().from(projects)).map((project) => project.name);
    expect(projectNames).toContain("黄河鲲鹏服务器和PC机许昌生产基地");
    expect(projectNames.length).toBeGreaterThanOrEqual(10);
    const [kunpeng] = await database.db.select().from(projects).where(eq(projects.name, "黄河鲲鹏服务器和PC机许昌生产基地"));
    expect(kunpeng!.status).toBe("in_production");
    expect(kunpeng!.figures).toEqual(expect.arrayContaining([expect.objectContaining({ value: 36, unit: "万台" })]));

    const [enterprises] = await database.db.select().from(indicators).where(eq(indicators.name, "规模工业企业数"));
    expect(enterprises!.unit).toBe("家");
    const [observation] = await database.db.select().from(indicatorObservations).where(eq(indicatorObservations.indicatorId, enterprises!.id));
    expect(observation).toMatchObject({ period: "2020", value: 1567 });

    const accounts = await database.db.select().from(users);
    const byRole = (role: string) => accounts.filter((user) => user.role === role);
    expect(byRole("admin").map((user) => user.username)).toEqual(["admin"]);
    expect(byRole("leader")).toHaveLength(2);
    expect(byRole("viewer")).toHaveLength(1);
    // One editor per department that owns a section.
    const owners = new Set(sectionRows.map((section) => section.ownerDepartmentId));
    for (const owner of owners) expect(byRole("editor").some((user) => user.departmentId === owner)).toBe(true);
    expect(await verifyPassword(byRole("admin")[0]!.passwordHash, "admin-pass-1")).toBe(true);
    expect(await verifyPassword(byRole("editor")[0]!.passwordHash, "demo-pass-1")).toBe(true);

    const admin = (await sessionOf(database.db, byRole("admin")[0]!))!;
    const [listed] = await callerFor(database.db, admin).plan.list();
    expect(listed!.sectionCount).toBe(sectionRows.length);
    const { sections: tree } = await callerFor(database.db, admin).plan.get({ planId: plan!.id });
    expect(tree.map((section) => section.number).slice(0, 2)).toEqual(["1", "1.1"]);
    expect(tree[0]!.ownerDepartment.name).toBe("市发展和改革委员会");

    // Sections cite the projects and indicators they speak of, with chips; the link table follows.
    const links = await database.db.select().from(sectionLinks);
    const citedIndicatorIds = new Set(links.filter((link) => link.targetType === "indicator").map((link) => link.targetId));
    expect(citedIndicatorIds.has(enterprises!.id)).toBe(true);
    expect(links.some((link) => link.targetType === "project" && link.targetId === kunpeng!.id)).toBe(true);
    expect(citedIndicatorIds.size).toBeGreaterThanOrEqual(12);

    // A second start does not seed again.
    expect((await seedDatabase(database.db, { demo: true })).seeded).toBe(false);
    expect(await database.db.select({ count: sql<number>`count(*)::int` }).from(plans)).toEqual([{ count: 1 }]);
  });

  it("without the demo creates only the admin, with a generated password when none is given", async () => {
    database = await createTestDatabase();
    const result = await seedDatabase(database.db, { demo: false });
    expect(result.seeded && result.admin.generated).toBe(true);
    const accounts = await database.db.select().from(users);
    expect(accounts.map((user) => user.username)).toEqual(["admin"]);
    expect(await verifyPassword(accounts[0]!.passwordHash, result.seeded ? result.admin.password : "")).toBe(true);
    expect(await database.db.select().from(plans)).toHaveLength(0);
  });
});
