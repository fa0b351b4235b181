import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plans, sections, users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createTestDatabase } from "@/server/testing/db";
import { httpSessionCookie, startHttpApp } from "@/server/testing/http-app";
import { readDocx } from "./docx-reader";
import { contentDisposition, DOCX_CONTENT_TYPE } from "./http";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startHttpApp>>;
let base: string;
let viewerCookie: string;
let planId: string;
let sectionId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.db, { demo: true, adminPassword: "admin-pass-1", demoPassword: "demo-pass-1" });
  const [viewer] = await database.db.select().from(users).where(eq(users.username, "viewer"));
  viewerCookie = await httpSessionCookie(viewer!);
  planId = (await database.db.select().from(plans))[0]!.id;
  sectionId = (await database.db.select().from(sections).where(eq(sections.title, "强化创新驱动")))[0]!.id;
  app = await startHttpApp(database, { nextStatus: 404 });
  base = app.base;
}, 60_000);
afterAll(async () => {
  app?.close();
  await database?.drop();
});

const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

/** The UTF-8 file name of a Content-Disposition header (RFC 5987). */
const utf8FileName = (header: string | null) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(header ?? "")![1]!);

describe("GET /api/plans/<planId>/export.docx", () => {
  it("is 401 with a JSON body without login", async () => {
    const response = await get(`/api/plans/${planId}/export.docx`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "UNAUTHORIZED" });
  });

  it("answers the Word file with its content type and a Chinese file name (plus an ASCII fallback)", async () => {
    const response = await get(`/api/plans/${planId}/export.docx`, viewerCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(DOCX_CONTENT_TYPE);
    const disposition = response.headers.get("content-disposition");
    expect(utf8FileName(disposition)).toBe("「许昌智造」助力郑州都市圈建设.docx");
    expect(disposition).toMatch(/^attachment; filename="plan-\d{4}-\d{2}-\d{2}\.docx"; filename\*=UTF-8''/);
    const docx = readDocx(new Uint8Array(await response.arrayBuffer()));
    expect(docx.paragraphs[0]!.text).toBe("「许昌智造」助力郑州都市圈建设");
  });

  it("exports one section and approved versions only, named accordingly", async () => {
    const response = await get(`/api/plans/${planId}/export.docx?approved=1&section=${sectionId}`, viewerCookie);
    expect(response.status).toBe(200);
    expect(utf8FileName(response.headers.get("content-disposition"))).toBe("「许昌智造」助力郑州都市圈建设-强化创新驱动-审定稿.docx");
    const docx = readDocx(new Uint8Array(await response.arrayBuffer()));
    expect(docx.paragraphs.map((paragraph) => paragraph.text)).toContain("（审定稿，节选）");
    expect(docx.paragraphs.find((paragraph) => paragraph.style === "Heading1")!.text).toBe("三、强化创新驱动");
  });

  it("is 404 for unknown plans and sections, 400 for malformed ids and flags", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const notFound = await get(`/api/plans/${unknown}/export.docx`, viewerCookie);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: "NOT_FOUND", field: "planId" });
    expect((await get(`/api/plans/${planId}/export.docx?section=${unknown}`, viewerCookie)).status).toBe(404);
    const badId = await get(`/api/plans/not-a-plan/export.docx`, viewerCookie);
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: "BAD_REQUEST", field: "planId" });
    expect((await get(`/api/plans/${planId}/export.docx?approved=yes`, viewerCookie)).status).toBe(400);
    expect((await get(`/api/plans/${planId}/export.docx?section=x`, viewerCookie)).status).toBe(400);
  });
});

describe("GET /api/plans/<planId>/sections/<sectionId>/redline.docx", () => {
  it("answers a redline (approved → current by default) and checks the ids", async () => {
    expect((await get(`/api/plans/${planId}/sections/${sectionId}/redline.docx`)).status).toBe(401);
    const response = await get(`/api/plans/${planId}/sections/${sectionId}/redline.docx?from=approved&to=current`, viewerCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(DOCX_CONTENT_TYPE);
    expect(utf8FileName(response.headers.get("content-disposition"))).toBe("修订对比-强化创新驱动.docx");
    expect(readDocx(new Uint8Array(await response.arrayBuffer())).document).toContain("<w:ins ");
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await get(`/api/plans/${planId}/sections/${sectionId}/redline.docx?from=${unknown}`, viewerCookie)).status).toBe(404);
    expect((await get(`/api/plans/${unknown}/sections/${sectionId}/redline.docx`, viewerCookie)).status).toBe(404);
    expect((await get(`/api/plans/${planId}/sections/${sectionId}/redline.docx?from=yesterday`, viewerCookie)).status).toBe(400);
    expect((await get(`/api/plans/${planId}/sections/${sectionId}/redline.docx?to=approved`, viewerCookie)).status).toBe(400);
  });
});

describe("contentDisposition", () => {
  it("percent-encodes the UTF-8 name (including characters RFC 5987 reserves) and keeps the fallback ASCII", () => {
    expect(contentDisposition("规划(草案)'s.docx", "plan.docx")).toBe(
      "attachment; filename=\"plan.docx\"; filename*=UTF-8''%E8%A7%84%E5%88%92%28%E8%8D%89%E6%A1%88%29%27s.docx",
    );
    expect(contentDisposition("x.docx", "规划\".docx")).toBe("attachment; filename=\"___.docx\"; filename*=UTF-8''x.docx");
  });
});
