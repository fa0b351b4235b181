import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAttempts } from "@/db/schema";
import { createTestDatabase } from "@/server/testing/db";
import { makeDepartment, makeUser, TEST_PASSWORD } from "@/server/testing/factories";
import { verifyLogin } from "./login";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let departmentId: string;
const limits = { maxFailures: 5, windowMinutes: 15 };

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
});
afterAll(async () => database?.drop());

const attempt = (username: string, password: string, clientAddress: string) =>
  verifyLogin(database.db, { username, password, clientAddress }, limits);

describe("login", () => {
  it("accepts the right password, case-insensitively for the username", async () => {
    await makeUser(database.db, { role: "editor", departmentId, username: "zhangsan" });
    const result = await attempt("  ZhangSan ", TEST_PASSWORD, "10.0.0.1");
    expect(result.ok).toBe(true);
  });

  it("gives an unknown user and a wrong password the same answer", async () => {
    await makeUser(database.db, { role: "editor", departmentId, username: "lisi" });
    expect(await attempt("lisi", "wrong-password", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("nobody-here", "wrong-password", "10.0.0.2")).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a disabled user even with the right password", async () => {
    await makeUser(database.db, { role: "editor", departmentId, username: "disabled_one", disabled: true });
    expect(await attempt("disabled_one", TEST_PASSWORD, "10.0.0.3")).toEqual({ ok: false, reason: "disabled" });
  });
});

describe("login throttling", () => {
  it("after 5 failures for one account, refuses further attempts — even the right password — for the window", async () => {
    await makeUser(database.db, { role: "viewer", departmentId, username: "wangwu" });
    for (let index = 0; index < 5; index++) {
      // Each from another address, so only the account limit applies.
      expect(await attempt("wangwu", `wrong-${index}`, `10.1.0.${index}`)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await attempt("wangwu", TEST_PASSWORD, "10.1.0.99")).toEqual({ ok: false, reason: "throttled" });
    // Other accounts are not affected.
    await makeUser(database.db, { role: "viewer", departmentId, username: "zhaoliu" });
    expect((await attempt("zhaoliu", TEST_PASSWORD, "10.1.0.99")).ok).toBe(true);
  });

  it("after 5 failures from one client address, refuses that address for every account", async () => {
    await makeUser(database.db, { role: "viewer", departmentId, username: "sunqi" });
    for (let index = 0; index < 5; index++) await attempt(`unknown-${index}`, "x", "10.2.0.1");
    expect(await attempt("sunqi", TEST_PASSWORD, "10.2.0.1")).toEqual({ ok: false, reason: "throttled" });
    expect((await attempt("sunqi", TEST_PASSWORD, "10.2.0.2")).ok).toBe(true);
  });

  it("lets the account in again once the window has passed", async () => {
    await makeUser(database.db, { role: "viewer", departmentId, username: "zhouba" });
    for (let index = 0; index < 5; index++) await attempt("zhouba", "wrong", `10.3.0.${index}`);
    expect((await attempt("zhouba", TEST_PASSWORD, "10.3.0.50")).ok).toBe(false);
    // Age the failures past the 15-minute window.
    await database.db.execute(
      sql`update ${loginAttempts} set attempted_at = now() - interval '16 minutes' where ${loginAttempts.username} = 'zhouba'`,
    );
    expect((await attempt("zhouba", TEST_PASSWORD, "10.3.0.50")).ok).toBe(true);
  });

  it("does not count refused attempts, so the lock ends with the window", async () => {
    await makeUser(database.db, { role: "viewer", departmentId, username: "wujiu" });
    for (let index = 0; index < 5; index++) await attempt("wujiu", "wrong", `10.4.0.${index}`);
    for (let index = 0; index < 3; index++) await attempt("wujiu", "wrong", `10.4.1.${index}`);
    const rows = await database.db.execute(sql`select count(*)::int as count from ${loginAttempts} where ${loginAttempts.username} = 'wujiu'`);
    const count = (rows as unknown as { rows: { count: number }[] }).rows[0]!.count;
    expect(count).toBe(5);
  });
});
