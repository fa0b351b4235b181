import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSection } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { httpSessionCookie, startHttpApp } from "@/server/testing/http-app";
import { departments, plans } from "@/db/schema";
import { type Bus, LocalBus, RedisBus } from "./bus";
import { eventually } from "./testing/collab";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startHttpApp>>;
let base: string;
let adminCookie: string;
let viewerCookie: string;
const bus = new LocalBus();

beforeAll(async () => {
  database = await createTestDatabase();
  const departmentId = (await makeDepartment(database.db)).id;
  const admin = await makeUser(database.db, { role: "admin", departmentId });
  const viewer = await makeUser(database.db, { role: "viewer", departmentId });
  adminCookie = await httpSessionCookie(admin);
  viewerCookie = await httpSessionCookie(viewer);
  app = await startHttpApp(database, { bus });
  base = app.base;
});
afterAll(async () => {
  app?.close();
  await database?.drop();
});

const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

describe("HTTP surface", () => {
  it("answers health without login", async () => {
    const response = await get("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      db: database.kind,
      redis: false,
      redisState: "off",
      instance: bus.instanceId,
    });
  });

  it("says in health that Redis fan-out is configured, and whether Redis is reachable now", async () => {
    /** The machine's Redis (CI has one at 127.0.0.1:6379). */
    const reachable = new RedisBus(process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379", `xz-http-test-${process.pid}:`);
    // Nothing listens on port 1: the bus keeps retrying in the background and stays disconnected.
    const unreachable = new RedisBus("redis://127.0.0.1:1", `xz-http-test-${process.pid}:`);
    const apps: { close: () => void }[] = [];
    const healthOf = async (instanceBus: Bus) => {
      const started = await startHttpApp(database, { bus: instanceBus });
      apps.push(started);
      const response = await fetch(`${started.base}/api/health`);
      return { status: response.status, body: await response.json() };
    };
    try {
      await eventually(() => expect(reachable.connected()).toBe(true), 5000);
      expect(await healthOf(reachable)).toEqual({
        status: 200,
        body: { ok: true, db: database.kind, redis: true, redisState: "connected", instance: reachable.instanceId },
      });
      // Losing Redis does not make the instance unhealthy (it serves its own clients), but health says so.
      expect(await healthOf(unreachable)).toEqual({
        status: 200,
        body: { ok: true, db: database.kind, redis: true, redisState: "disconnected", instance: unreachable.instanceId },
      });
    } finally {
      apps.forEach((started) => started.close());
      await Promise.all([reachable.close(), unreachable.close()]);
    }
  });

  it("sends pages to /login without a session, keeping where the user was going", async () => {
    const response = await get("/admin/users?x=1");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/admin/users?x=1")}`);
    expect((await get("/")).headers.get("location")).toBe("/login");
  });

  it("serves the login page, next-auth and assets without a session", async () => {
    for (const path of ["/login", "/api/auth/csrf", "/_next/static/x.js"]) expect((await get(path)).status, path).toBe(200);
  });

  it("answers other API paths with 401 without a session", async () => {
    expect((await get("/api/anything")).status).toBe(401);
  });

  it("lets a logged-in user through to the pages", async () => {
    const response = await get("/plans/x", viewerCookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("next");
  });

  it("tRPC: UNAUTHORIZED without login, FORBIDDEN for a viewer on admin procedures", async () => {
    const anonymous = await get("/api/trpc/plan.list");
    expect(anonymous.status).toBe(401);
    const viewer = await get("/api/trpc/user.list", viewerCookie);
    expect(viewer.status).toBe(403);
    const admin = await get("/api/trpc/user.list", adminCookie);
    expect(admin.status).toBe(200);
  });

  it("tRPC: bad input is a 400 naming the field, without a stack trace", async () => {
    const response = await fetch(`${base}/api/trpc/user.create`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ json: { username: "x", displayName: "X", role: "editor", departmentId: "nope", password: "password-1" } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(body.error.json.data.fields as object).sort()).toEqual(["departmentId", "username"]);
    expect(body.error.json.message).toContain("username");
    expect(JSON.stringify(body)).not.toContain("stack");
  });

  it("tRPC: a refusal carries structured details for the UI", async () => {
    const [department] = await database.db.select().from(departments).limit(1);
    const section = await makeSection(database.db, department!.id, "十个字的正文内容");
    const response = await fetch(`${base}/api/trpc/section.delete`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ json: { sectionId: section.id } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { data: { fields: Record<string, string>; details: Record<string, unknown> } } } };
    expect(Object.keys(body.error.json.data.fields)).toEqual(["confirmTextLoss"]);
    expect(body.error.json.data.details).toEqual({ textLength: 8 });
  });

  it("tRPC: malformed JSON is a 400, not a 500", async () => {
    const response = await fetch(`${base}/api/trpc/user.create`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
  });
});

describe("HTTP surface: live events", () => {
  it("streams outline changes to a subscribed page as server-sent events, tagged with their topic", async () => {
    const [plan] = await database.db.insert(plans).values({ title: "事件测试", periodStart: 2020, periodEnd: 2025 }).returning();
    const input = encodeURIComponent(JSON.stringify({ json: { plans: [plan!.id], registry: true, notifications: true } }));
    const controller = new AbortController();
    const response = await fetch(`${base}/api/trpc/live.events?input=${input}`, { headers: { cookie: viewerCookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const [department] = await database.db.select().from(departments).limit(1);
    const created = await fetch(`${base}/api/trpc/section.create`, {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ json: { planId: plan!.id, title: "新章节", ownerDepartmentId: department!.id } }),
    });
    expect(created.status).toBe(200);
    let text = "";
    const decoder = new TextDecoder();
    while (!text.includes('"outline"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain('"topic":"plan","data":{"type":"outline"');
    controller.abort();
  });

  it("refuses the event stream without a session", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { plans: ["00000000-0000-4000-8000-000000000001"] } }));
    const response = await fetch(`${base}/api/trpc/live.events?input=${input}`);
    // tRPC streams the refusal as an error event and ends the stream.
    const body = await response.text();
    expect(body).toContain("UNAUTHORIZED");
    expect(body).not.toContain('"type":"outline"');
  });
});
