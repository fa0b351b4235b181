import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient, eventually, makeSection, sessionCookie, startCollabServer, type TestClient } from "@/server/testing/collab";
import { expectConverged } from "@/server/testing/convergence";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { seededRandom } from "@/server/testing/random";
import { applyRandomEdit } from "@/server/testing/random-edits";

const SEEDS = Array.from({ length: 50 }, (_, index) => index + 1);
const CLIENTS = 5;
const STEPS = 60;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Awaited<ReturnType<typeof startCollabServer>>;
let departmentId: string;
const cookies: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  for (let index = 0; index < CLIENTS; index++) {
    cookies.push(await sessionCookie(await makeUser(database.db, { role: "editor", departmentId })));
  }
  // Rooms unload as soon as they are empty and the log is compacted every few rows, so the random
  // disconnects also exercise unloading, reloading and compaction while others keep editing.
  app = await startCollabServer(database.db, { idleUnloadMs: 5, room: { compactAfterRows: 8 } });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

/** Lets the network interleave with the edits: sometimes not at all, sometimes for a few ms. */
function pause(ms: number): Promise<void> {
  if (ms === 0) return Promise.resolve();
  if (ms === 1) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("collaboration: convergence under random edits and reconnects", () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: five clients, the server and the database end with the same document`, async () => {
      const random = seededRandom(seed);
      const sectionId = (await makeSection(database.db, departmentId, "初始内容")).id;
      const clients: TestClient[] = cookies.map((cookie) => connectClient(app.wsBase, sectionId, cookie, app.origin));
      try {
        await eventually(() => clients.forEach((client) => expect(client.provider.synced).toBe(true)), 20_000);
        for (let step = 0; step < STEPS; step++) {
          const client = random.pick(clients);
          const roll = random.next();
          if (roll < 0.08) {
            if (client.provider.shouldConnect) client.provider.disconnect();
            else client.provider.connect();
          } else if (roll < 0.1) {
            // Everyone leaves at once: the room unloads while its last updates may still be in flight.
            for (const each of clients) each.provider.disconnect();
          } else {
            // Edits are made offline too; they reach the server when the client reconnects.
            applyRandomEdit(client.doc, random);
          }
          await pause(random.pick([0, 0, 1, 1, 2, random.int(3, 12)]));
        }
        for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();
        await expectConverged(database.db, sectionId, clients, 20_000);
      } finally {
        for (const client of clients) client.destroy();
      }
    }, 60_000);
  }
});
