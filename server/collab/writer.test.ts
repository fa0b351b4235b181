import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sections, sectionUpdates } from "@/db/schema";
import { makeSection } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser } from "@/server/testing/factories";
import { isForeignKeyViolation } from "@/server/services/errors";
import { UpdateLogWriter } from "./writer";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let departmentId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
});
afterAll(async () => database?.drop());

const rowsOf = async (sectionId: string) =>
  (await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, sectionId)).orderBy(sectionUpdates.seq)).map((row) => [...row.update]);

describe("group commit of the update log", () => {
  it("writes what accumulated while a write was in flight as one statement, in order per section", async () => {
    const [a, b] = [await makeSection(database.db, departmentId), await makeSection(database.db, departmentId)];
    const writer = new UpdateLogWriter(database.db, 1);
    const writes = [
      writer.write(a.id, [{ update: Uint8Array.of(1), userId: null }]),
      writer.write(b.id, [{ update: Uint8Array.of(2), userId: null }]),
      writer.write(a.id, [{ update: Uint8Array.of(3), userId: null }, { update: Uint8Array.of(4), userId: null }]),
      writer.write(b.id, [{ update: Uint8Array.of(5), userId: null }]),
    ];
    await Promise.all(writes);
    expect(await rowsOf(a.id)).toEqual([[1], [3], [4]]);
    expect(await rowsOf(b.id)).toEqual([[2], [5]]);
  });

  it("a section deleted meanwhile fails only its own batch", async () => {
    const [kept, gone, other] = [await makeSection(database.db, departmentId), await makeSection(database.db, departmentId), await makeSection(database.db, departmentId)];
    await database.db.delete(sections).where(eq(sections.id, gone.id));
    const writer = new UpdateLogWriter(database.db, 1);
    // The first write is in flight while the next three queue up and go as one statement.
    const first = writer.write(other.id, [{ update: Uint8Array.of(9), userId: null }]);
    const results = await Promise.allSettled([
      writer.write(kept.id, [{ update: Uint8Array.of(7), userId: null }]),
      writer.write(gone.id, [{ update: Uint8Array.of(8), userId: null }]),
      writer.write(other.id, [{ update: Uint8Array.of(10), userId: null }]),
    ]);
    await first;
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(isForeignKeyViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await rowsOf(kept.id)).toEqual([[7]]);
    expect(await rowsOf(other.id)).toEqual([[9], [10]]);
  });

  it("keeps every byte, length, author and position across thousands of rows of several sections in one statement", async () => {
    const [a, b] = [await makeSection(database.db, departmentId), await makeSection(database.db, departmentId)];
    const author = await makeUser(database.db, { role: "editor", departmentId });
    const writer = new UpdateLogWriter(database.db, 1);
    const blocker = writer.write(a.id, [{ update: Uint8Array.of(0), userId: null }]);
    // Bytes a text encoding would mangle (NUL, 0xff, a backslash, a quote, a comma, braces), in
    // updates of 1 to 109 bytes (they travel as one binary parameter cut at offsets).
    const pattern = (index: number) => [index & 0xff, 0, 0xff, 0x5c, 0x22, 0x2c, 0x7b, 0x7d, index >> 8];
    const made = (index: number) => Uint8Array.from({ length: 1 + (index % 13) * 9 }, (_unused, at) => pattern(index)[at % 9]!);
    const batches = [];
    for (let index = 0; index < 3000; index++) {
      batches.push(writer.write(index % 2 ? b.id : a.id, [{ update: made(index), userId: index % 3 ? author.id : null }]));
    }
    await Promise.all([blocker, ...batches]);
    const rows = await database.db.select().from(sectionUpdates).where(eq(sectionUpdates.sectionId, b.id)).orderBy(sectionUpdates.seq);
    expect(rows.map((row) => [...row.update])).toEqual(Array.from({ length: 1500 }, (_unused, half) => [...made(half * 2 + 1)]));
    expect(rows.map((row) => row.userId)).toEqual(Array.from({ length: 1500 }, (_unused, half) => ((half * 2 + 1) % 3 ? author.id : null)));
    expect((await rowsOf(a.id)).length).toBe(1501);
  });
});
