import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicators, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, sessionOf } from "@/server/testing/factories";

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.db, { demo: true, adminPassword: "admin-pass-1", demoPassword: "demo-pass-1" });
});
afterAll(async () => database?.drop());

async function as(username: string) {
  const [user] = await database.db.select().from(users).where(eq(users.username, username));
  return callerFor(database.db, (await sessionOf(database.db, user!))!);
}

describe("plan.consistencyWarnings", () => {
  it("finds nothing in the seeded plan, whose figures match the registry", async () => {
    const leader = await as("leader1");
    const [plan] = await leader.plan.list();
    expect(await leader.plan.consistencyWarnings({ planId: plan!.id })).toEqual([]);
  });

  it("lists every sentence stating an outdated figure once a new value is recorded, by section and department", async () => {
    const gxj = await as("gxj");
    const [indicator] = await database.db.select().from(indicators).where(eq(indicators.name, "上云企业数"));
    await gxj.indicator.addObservation({ indicatorId: indicator!.id, period: "2021", value: 2600, source: "测试" });
    const leader = await as("leader1");
    const [plan] = await leader.plan.list();
    const result = await leader.plan.consistencyWarnings({ planId: plan!.id });
    const stated = result.flatMap((entry) => entry.warnings.map((warning) => ({ section: entry.section.title, department: entry.section.ownerDepartment.name, ...warning })));
    expect(stated.length).toBeGreaterThanOrEqual(2);
    for (const warning of stated) {
      expect(warning.entityName).toBe("上云企业数");
      expect(warning.stated).toMatchObject({ value: 2240, unit: "家" });
      expect(warning.current).toMatchObject({ value: 2600, unit: "家" });
      expect(warning.current.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(warning.department).toBe("市工业和信息化局");
      expect(warning.sentence).toContain("2240");
    }
  });
});
