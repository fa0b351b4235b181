import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient, textOf, typeInto } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import * as persistence from "./persistence";
import type { LoggedUpdate } from "./persistence";

// Counts the loads of section state (the real function runs).
const loads = vi.hoisted(() => new Map<string, number>());
vi.mock("./persistence", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./persistence")>();
  return {
    ...actual,
    loadSectionState: (...args: Parameters<typeof actual.loadSectionState>) => {
      loads.set(args[1], (loads.get(args[1]) ?? 0) + 1);
      return actual.loadSectionState(...args);
    },
  };
});

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let departmentId: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await database?.drop();
});

async function connect(wsBase: string, origin: string, sectionId: string) {
  const client = connectClient(wsBase, sectionId, await sessionCookie(await makeUser(database.db, { role: "editor", departmentId })), origin);
  clients.push(client);
  return client;
}

describe("loading and unloading sections", () => {
  it("twenty clients joining a section that is not loaded, at the same moment, load it once", async () => {
    const app = await startCollabServer(database.db);
    try {
      const sectionId = (await makeSection(database.db, departmentId, "同时打开")).id;
      const cookies = await Promise.all(Array.from({ length: 20 }, async () => sessionCookie(await makeUser(database.db, { role: "editor", departmentId }))));
      const joined = cookies.map((cookie) => connectClient(app.wsBase, sectionId, cookie, app.origin));
      clients.push(...joined);
      await eventually(() => joined.forEach((client) => expect(client.provider.synced).toBe(true)), 10_000);
      expect(joined.every((client) => textOf(client.doc).includes("同时打开"))).toBe(true);
      expect(loads.get(sectionId)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it("a section is unloaded after its last client leaves, with everything stored; one whose write failed stays loaded until it is stored", async () => {
    let failing = false;
    const writes = { failed: 0 };
    const app = await startCollabServer(database.db, { idleUnloadMs: 50 });
    // The room's writer, failing on demand (the database going away cannot be staged in-process for PGlite).
    const writer = { write: async (sectionId: string, rows: LoggedUpdate[]) => {
      if (failing) {
        writes.failed += 1;
        throw new Error("database unavailable");
      }
      await persistence.appendSectionUpdates(database.db, sectionId, rows);
    } };
    const flaky = await startCollabServer(database.db, { idleUnloadMs: 50, room: { writer: writer as never } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const quiet = (await makeSection(database.db, departmentId, "离开后卸载")).id;
      const client = await connect(app.wsBase, app.origin, quiet);
      await eventually(() => expect(client.provider.synced).toBe(true));
      typeInto(client.doc, "最后一句");
      await eventually(() => expect(app.collab.loadedSections).toContain(quiet));
      client.destroy();
      await eventually(() => expect(app.collab.loadedSections).not.toContain(quiet), 5000);
      expect(textOf((await persistence.loadSectionDocument(database.db, quiet)).doc)).toContain("最后一句");

      const stuck = (await makeSection(database.db, departmentId, "写入失败")).id;
      const writerClient = await connect(flaky.wsBase, flaky.origin, stuck);
      await eventually(() => expect(writerClient.provider.synced).toBe(true));
      failing = true;
      typeInto(writerClient.doc, "等数据库恢复");
      await eventually(() => expect(writes.failed).toBeGreaterThan(0));
      writerClient.destroy();
      // Well past the idle delay: still loaded, still holding the update.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(flaky.collab.loadedSections).toContain(stuck);
      expect(textOf((await persistence.loadSectionDocument(database.db, stuck)).doc)).not.toContain("等数据库恢复");
      failing = false;
      await eventually(() => expect(flaky.collab.loadedSections).not.toContain(stuck), 5000);
      expect(textOf((await persistence.loadSectionDocument(database.db, stuck)).doc)).toContain("等数据库恢复");
    } finally {
      errors.mockRestore();
      await app.close();
      await flaky.close();
    }
  });
});
