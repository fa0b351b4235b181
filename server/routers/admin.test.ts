import { TRPCError } from "@trpc/server";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, departments, users } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { verifyPassword } from "@/server/auth/password";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeDepartment, makeUser, reloadUser, sessionOf } from "@/server/testing/factories";
import { failureOf } from "@/server/testing/trpc-failure";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: SessionUser;
let others: Record<"editor" | "leader" | "viewer", SessionUser>;
let departmentId: string;
let otherDepartmentId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  otherDepartmentId = (await makeDepartment(database.db)).id;
  admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId })))!;
  others = {
    editor: (await sessionOf(database.db, await makeUser(database.db, { role: "editor", departmentId })))!,
    leader: (await sessionOf(database.db, await makeUser(database.db, { role: "leader", departmentId })))!,
    viewer: (await sessionOf(database.db, await makeUser(database.db, { role: "viewer", departmentId })))!,
  };
});
afterAll(async () => database?.drop());

/** The input path zod complained about, or the field the domain error named. */
function fieldOf(error: TRPCError): string | undefined {
  const cause = error.cause as { issues?: { path: PropertyKey[] }[]; fields?: Record<string, string> } | undefined;
  if (cause?.issues) return cause.issues[0]!.path.join(".");
  return cause?.fields ? Object.keys(cause.fields)[0] : undefined;
}

const targetId = "00000000-0000-4000-8000-00000000abcd";
const adminOnlyCalls: Record<string, (caller: ReturnType<typeof callerFor>) => Promise<unknown>> = {
  "user.list": (caller) => caller.user.list(),
  "user.create": (caller) => caller.user.create({ username: "mallory", displayName: "M", role: "admin", departmentId, password: "password-123" }),
  "user.update": (caller) => caller.user.update({ userId: targetId, role: "admin" }),
  "user.disable": (caller) => caller.user.disable({ userId: targetId }),
  "user.resetPassword": (caller) => caller.user.resetPassword({ userId: targetId, newPassword: "password-123" }),
  "user.forceLogout": (caller) => caller.user.forceLogout({ userId: targetId }),
  "department.create": (caller) => caller.department.create({ name: "黑客部门", code: "HACK" }),
  "department.rename": (caller) => caller.department.rename({ departmentId, name: "改名" }),
  "audit.list": (caller) => caller.audit.list(),
};

describe("admin-only procedures", () => {
  for (const role of ["editor", "leader", "viewer"] as const) {
    for (const [name, call] of Object.entries(adminOnlyCalls)) {
      it(`${name} refuses a ${role} with FORBIDDEN`, async () => {
        const error = await failureOf(call(callerFor(database.db, others[role])));
        expect(error.code).toBe("FORBIDDEN");
      });
    }
  }
  it("nothing was changed by the refused calls", async () => {
    expect(await database.db.select().from(users).where(eq(users.username, "mallory"))).toHaveLength(0);
    expect(await database.db.select().from(departments).where(eq(departments.code, "HACK"))).toHaveLength(0);
  });
});

describe("user administration", () => {
  it("creates a user, with an audit event in the same change", async () => {
    const caller = callerFor(database.db, admin);
    const created = await caller.user.create({ username: "KJJ_Li", displayName: "科技局 李明", role: "editor", departmentId, password: "initial-pass-1" });
    const stored = await reloadUser(database.db, created.id);
    expect(stored.username).toBe("kjj_li");
    expect(stored.role).toBe("editor");
    expect(await verifyPassword(stored.passwordHash, "initial-pass-1")).toBe(true);
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, created.id));
    expect(event).toMatchObject({ actorId: admin.id, action: "user.create", targetType: "user" });
    expect(event!.details).toMatchObject({ username: "kjj_li", role: "editor" });
  });

  it("lists and searches users", async () => {
    const caller = callerFor(database.db, admin);
    const found = await caller.user.list({ search: "李明" });
    expect(found.map((user) => user.username)).toEqual(["kjj_li"]);
    const editors = await caller.user.list({ role: "editor" });
    expect(editors.every((user) => user.role === "editor")).toBe(true);
    expect(editors.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses a taken username with CONFLICT naming the field", async () => {
    const error = await failureOf(callerFor(database.db, admin).user.create({ username: "kjj_li", displayName: "x", role: "viewer", departmentId, password: "initial-pass-1" }));
    expect(error.code).toBe("CONFLICT");
    expect(fieldOf(error)).toBe("username");
  });

  it("changes role and department, disables, re-enables, resets the password and forces logout — each audited", async () => {
    const caller = callerFor(database.db, admin);
    const target = await makeUser(database.db, { role: "viewer", departmentId });
    await caller.user.update({ userId: target.id, role: "editor", departmentId: otherDepartmentId });
    let stored = await reloadUser(database.db, target.id);
    expect(stored).toMatchObject({ role: "editor", departmentId: otherDepartmentId });

    await caller.user.disable({ userId: target.id });
    stored = await reloadUser(database.db, target.id);
    expect(stored.disabled).toBe(true);
    expect(stored.sessionVersion).toBe(target.sessionVersion + 1);
    await caller.user.disable({ userId: target.id, disabled: false });
    expect((await reloadUser(database.db, target.id)).disabled).toBe(false);

    await caller.user.resetPassword({ userId: target.id, newPassword: "brand-new-pass" });
    stored = await reloadUser(database.db, target.id);
    expect(await verifyPassword(stored.passwordHash, "brand-new-pass")).toBe(true);
    expect(stored.sessionVersion).toBe(target.sessionVersion + 2);

    await caller.user.forceLogout({ userId: target.id });
    expect((await reloadUser(database.db, target.id)).sessionVersion).toBe(target.sessionVersion + 3);

    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, target.id)).orderBy(desc(auditEvents.createdAt));
    expect(events.map((event) => event.action).sort()).toEqual(
      ["user.disable", "user.enable", "user.forceLogout", "user.resetPassword", "user.update"].sort(),
    );
    expect(events.every((event) => event.actorId === admin.id)).toBe(true);
  });

  it("does not let an admin disable themselves or remove the last admin", async () => {
    const caller = callerFor(database.db, admin);
    expect((await failureOf(caller.user.disable({ userId: admin.id }))).code).toBe("BAD_REQUEST");
    expect((await failureOf(caller.user.update({ userId: admin.id, role: "viewer" }))).code).toBe("BAD_REQUEST");
  });

  it("creates and renames departments, refusing duplicates", async () => {
    const caller = callerFor(database.db, admin);
    const department = await caller.department.create({ name: "市统计局", code: "tjj" });
    expect(department.code).toBe("TJJ");
    const renamed = await caller.department.rename({ departmentId: department.id, name: "许昌市统计局" });
    expect(renamed.name).toBe("许昌市统计局");
    const duplicate = await failureOf(caller.department.create({ name: "许昌市统计局", code: "TJJ2" }));
    expect(duplicate.code).toBe("CONFLICT");
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, department.id))).map((event) => event.action);
    expect(actions.sort()).toEqual(["department.create", "department.rename"]);
    const listed = await callerFor(database.db, others.viewer).department.list();
    expect(listed.find((row) => row.name === "许昌市统计局")?.userCount).toBe(0);
    const home = listed.find((row) => row.id === departmentId)!;
    const members = await database.db.select().from(users).where(eq(users.departmentId, departmentId));
    expect(home.userCount).toBe(members.length);
    expect(home.userCount).toBeGreaterThanOrEqual(4);
  });

  it("lets every user change their own password with the old one, ending their sessions", async () => {
    const user = await makeUser(database.db, { role: "viewer", departmentId, password: "old-password-1" });
    const session = (await sessionOf(database.db, user))!;
    const caller = callerFor(database.db, session);
    const wrong = await failureOf(caller.auth.changePassword({ oldPassword: "not-it", newPassword: "new-password-1" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(fieldOf(wrong)).toBe("oldPassword");
    await caller.auth.changePassword({ oldPassword: "old-password-1", newPassword: "new-password-1" });
    const stored = await reloadUser(database.db, user.id);
    expect(await verifyPassword(stored.passwordHash, "new-password-1")).toBe(true);
    expect(await sessionOf(database.db, user)).toBeNull();
    const [event] = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(event).toMatchObject({ action: "user.changePassword", actorId: user.id });
  });
});

describe("bad input on every mutation gets BAD_REQUEST naming the field", () => {
  const unknownDepartment = "00000000-0000-4000-8000-00000000ffff";
  const cases: [string, string, (caller: ReturnType<typeof callerFor>) => Promise<unknown>][] = [
    ["user.create", "username", (c) => c.user.create({ username: "x", displayName: "X", role: "editor", departmentId, password: "password-1" })],
    ["user.create", "username", (c) => c.user.create({ username: "有中文", displayName: "X", role: "editor", departmentId, password: "password-1" })],
    ["user.create", "displayName", (c) => c.user.create({ username: "valid", displayName: "", role: "editor", departmentId, password: "password-1" })],
    ["user.create", "role", (c) => c.user.create({ username: "valid", displayName: "X", role: "root" as never, departmentId, password: "password-1" })],
    ["user.create", "departmentId", (c) => c.user.create({ username: "valid", displayName: "X", role: "editor", departmentId: "nope", password: "password-1" })],
    ["user.create", "departmentId", (c) => c.user.create({ username: "valid", displayName: "X", role: "editor", departmentId: unknownDepartment, password: "password-1" })],
    ["user.create", "password", (c) => c.user.create({ username: "valid", displayName: "X", role: "editor", departmentId, password: "short" })],
    ["user.create", "", (c) => c.user.create({ username: "valid", displayName: "X", role: "editor", departmentId, password: "password-1", isAdmin: true } as never)],
    ["user.update", "userId", (c) => c.user.update({ userId: "1" })],
    ["user.update", "departmentId", (c) => c.user.update({ userId: others.viewer.id, departmentId: unknownDepartment })],
    ["user.update", "role", (c) => c.user.update({ userId: others.viewer.id, role: "superuser" as never })],
    ["user.disable", "userId", (c) => c.user.disable({ userId: 42 as never })],
    ["user.resetPassword", "newPassword", (c) => c.user.resetPassword({ userId: others.viewer.id, newPassword: "x".repeat(500) })],
    ["user.forceLogout", "userId", (c) => c.user.forceLogout({} as never)],
    ["department.create", "name", (c) => c.department.create({ name: "x", code: "OK" })],
    ["department.create", "code", (c) => c.department.create({ name: "好名字", code: "带中文" })],
    ["department.rename", "departmentId", (c) => c.department.rename({ departmentId: "nope", name: "好名字" })],
    ["department.rename", "name", (c) => c.department.rename({ departmentId, name: "y".repeat(200) })],
    ["auth.changePassword", "newPassword", (c) => c.auth.changePassword({ oldPassword: "whatever", newPassword: "1" })],
    ["auth.changePassword", "oldPassword", (c) => c.auth.changePassword({ oldPassword: "", newPassword: "long-enough-1" })],
    ["plan.get", "planId", (c) => c.plan.get({ planId: "not-a-uuid" })],
  ];
  for (const [procedure, field, call] of cases) {
    it(`${procedure}: ${field || "unknown key"}`, async () => {
      const error = await failureOf(call(callerFor(database.db, admin)));
      expect(error.code).toBe("BAD_REQUEST");
      if (field) expect(fieldOf(error)).toBe(field);
    });
  }
  it("an unknown user or department is NOT_FOUND", async () => {
    const caller = callerFor(database.db, admin);
    expect((await failureOf(caller.user.disable({ userId: unknownDepartment }))).code).toBe("NOT_FOUND");
    expect((await failureOf(caller.department.rename({ departmentId: unknownDepartment, name: "好名字" }))).code).toBe("NOT_FOUND");
  });
});
