import http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plans, sectionDocuments, sections, sectionUpdates } from "@/db/schema";
import { encodeSectionDocument } from "@/server/services/section-documents";
import { createTestDatabase } from "@/server/testing/db";
import { httpSessionCookie, startHttpApp } from "@/server/testing/http-app";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { MAX_IMPORT_BYTES } from "./convert";
import { makeDocxFixture } from "./fixtures";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startHttpApp>>;
let base: string;
const cookies: Record<"admin" | "editor" | "otherEditor" | "viewer", string> = { admin: "", editor: "", otherEditor: "", viewer: "" };
let departmentId: string;
let planId: string;
let docx: Buffer;

async function makeSection(text?: string) {
  const [section] = await database.db.insert(sections).values({ planId, position: 0, title: "上传测试", ownerDepartmentId: departmentId }).returning();
  const paragraph = text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
  await database.db.insert(sectionDocuments).values({ sectionId: section!.id, state: encodeSectionDocument({ type: "doc", content: [paragraph] }) });
  return section!.id;
}

function upload(query: string, body: Buffer, options: { cookie?: string; fileName?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${base}/api/import?${query}`, {
    method: "POST",
    body: new Uint8Array(body),
    headers: {
      "content-type": "application/octet-stream",
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.fileName ? { "x-file-name": encodeURIComponent(options.fileName) } : {}),
      ...options.headers,
    },
  });
}

const updatesOf = async (sectionId: string) => database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId));

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  const otherDepartmentId = (await makeDepartment(database.db)).id;
  const cookieOf = async (role: "admin" | "editor" | "viewer", department = departmentId) => {
    const user = await makeUser(database.db, { role, departmentId: department });
    return httpSessionCookie(user);
  };
  cookies.admin = await cookieOf("admin");
  cookies.editor = await cookieOf("editor");
  cookies.otherEditor = await cookieOf("editor", otherDepartmentId);
  cookies.viewer = await cookieOf("viewer");
  const [plan] = await database.db.insert(plans).values({ title: "上传规划", periodStart: 2021, periodEnd: 2025 }).returning();
  planId = plan!.id;
  docx = await makeDocxFixture();
  app = await startHttpApp(database);
  base = app.base;
});
afterAll(async () => {
  app?.close();
  await database?.drop();
});

describe("POST /api/import", () => {
  it("answers 401 without login and writes nothing", async () => {
    const sectionId = await makeSection();
    const response = await upload(`sectionId=${sectionId}`, docx, { fileName: "a.docx" });
    expect(response.status).toBe(401);
    expect(await updatesOf(sectionId)).toHaveLength(0);
  });

  it("refuses an upload sent from another site's page (Origin), writing nothing", async () => {
    const sectionId = await makeSection();
    const response = await upload(`sectionId=${sectionId}`, docx, { cookie: cookies.editor, fileName: "a.docx", headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: "ORIGIN_NOT_ALLOWED" });
    expect(await updatesOf(sectionId)).toHaveLength(0);
  });

  it("imports a .docx into an empty section for an editor of its department, with a summary", async () => {
    const sectionId = await makeSection();
    const response = await upload(`sectionId=${sectionId}`, docx, { cookie: cookies.editor, fileName: "十四五规划.docx" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, target: "section", sectionId, format: "docx", summary: { headings: 4, lists: 2, tables: 1, dropped: { images: 1 } } });
    expect(await updatesOf(sectionId)).toHaveLength(1);
  });

  it("refuses viewers and other departments' editors (403) and a section with text (409), in the reader's language", async () => {
    const sectionId = await makeSection();
    for (const cookie of [cookies.viewer, cookies.otherEditor]) {
      const response = await upload(`sectionId=${sectionId}`, docx, { cookie, fileName: "a.docx" });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ ok: false, code: "FORBIDDEN", message: "您没有权限执行此导入。" });
    }
    expect(await updatesOf(sectionId)).toHaveLength(0);
    const filled = await makeSection("已有正文");
    const refused = await upload(`sectionId=${filled}&locale=en`, docx, { cookie: cookies.editor, fileName: "a.docx" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "SECTION_NOT_EMPTY", message: expect.stringContaining("already has text") });
    const english = await upload(`sectionId=${sectionId}`, Buffer.from("x"), { cookie: cookies.editor, fileName: "a.pdf", headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(english.status).toBe(415);
    expect((await english.json()).message).toContain("(.pdf) is not supported");
  });

  it("stops reading a body past 10 MB and answers 413; nothing is written", async () => {
    const sectionId = await makeSection();
    const response = await upload(`sectionId=${sectionId}`, Buffer.alloc(MAX_IMPORT_BYTES + 1024, 0x61), { cookie: cookies.editor, fileName: "big.md" });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: "FILE_TOO_LARGE", params: { megabytes: 10 } });
    expect(await updatesOf(sectionId)).toHaveLength(0);
  });

  it("refuses a chunked upload (no length announced) once it passes 10 MB, keeping none of it", async () => {
    const sectionId = await makeSection();
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const answer = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      const request = http.request(
        `${base}/api/import?sectionId=${sectionId}`,
        { method: "POST", headers: { cookie: cookies.editor, "x-file-name": "big.md", "transfer-encoding": "chunked" } },
        (response) => {
          let body = "";
          response.on("data", (data: Buffer) => (body += data.toString()));
          response.on("end", () => resolve({ status: response.statusCode!, body, sent }));
        },
      );
      request.on("error", reject);
      const pump = () => {
        while (sent < 64 * chunk.length && !request.destroyed) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        request.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(await updatesOf(sectionId)).toHaveLength(0);
  });

  it("refuses a request without a file name or target (400)", async () => {
    const sectionId = await makeSection();
    expect((await upload(`sectionId=${sectionId}`, docx, { cookie: cookies.editor })).status).toBe(400);
    expect((await upload("target=nothing", docx, { cookie: cookies.editor, fileName: "a.docx" })).status).toBe(400);
  });

  it("creates a plan for an admin (201) and refuses an editor (403)", async () => {
    const refused = await upload("target=plan", docx, { cookie: cookies.editor, fileName: "规划.docx" });
    expect(refused.status).toBe(403);
    const response = await upload(`target=plan&title=${encodeURIComponent("导入的规划")}&departmentId=${departmentId}`, docx, {
      cookie: cookies.admin,
      fileName: "规划.docx",
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, target: "plan", title: "导入的规划", sectionCount: 3 });
    const rows = await database.db.select().from(sections).where(eq(sections.planId, body.planId));
    expect(rows.map((row) => row.title).sort()).toEqual(["前言", "总体要求", "重点任务"].sort());
  });
});
