import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sections, sectionUpdates } from "@/db/schema";
import { makeSection } from "@/server/testing/collab";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment } from "@/server/testing/factories";
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
});
