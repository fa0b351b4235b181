import { encode } from "next-auth/jwt";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { decodeSessionToken } from "@/server/auth/session";
import { createContextFromHeaders } from "@/server/trpc/context";
import { appRouter } from "@/server/routers";
import { createCallerFactory } from "@/server/trpc";

const secret = "a-test-secret-that-is-long-enough-for-jwt-0123456789";
const auth = { secret, secureCookies: false };
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let departmentId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
});
afterAll(async () => database?.drop());

/** The cookie header a browser holding this user's session would send. */
async function cookieFor(user: { id: string; sessionVersion: number }) {
  const token = await encode({ token: { uid: user.id, sv: user.sessionVersion, name: "x" }, secret });
  return `next-auth.session-token=${token}`;
}

/** Calls plan.list the way an HTTP request with this cookie would. */
async function callWithCookie(cookie: string) {
  const context = await createContextFromHeaders(database.db, { cookie }, auth, "127.0.0.1");
  return createCallerFactory(appRouter)(context).plan.list();
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  return error instanceof TRPCError ? error.code : "OK";
}

describe("session revocation", () => {
  let admin: NonNullable<Awaited<ReturnType<typeof sessionOf>>>;
  beforeAll(async () => {
    admin = (await sessionOf(database.db, await makeUser(database.db, { role: "admin", departmentId })))!;
  });

  it("a valid session works; a forged or missing one does not", async () => {
    const user = await makeUser(database.db, { role: "viewer", departmentId });
    expect(await codeOf(callWithCookie(await cookieFor(user)))).toBe("OK");
    expect(await codeOf(callWithCookie("next-auth.session-token=forged"))).toBe("UNAUTHORIZED");
    expect(await codeOf(callWithCookie(""))).toBe("UNAUTHORIZED");
    const otherSecret = await encode({ token: { uid: user.id, sv: user.sessionVersion }, secret: "another-secret-another-secret-another-secret" });
    expect(await codeOf(callWithCookie(`next-auth.session-token=${otherSecret}`))).toBe("UNAUTHORIZED");
  });

  for (const [name, revoke] of [
    ["disable", (userId: string) => callerFor(database.db, admin).user.disable({ userId })],
    ["resetPassword", (userId: string) => callerFor(database.db, admin).user.resetPassword({ userId, newPassword: "reset-pass-99" })],
    ["forceLogout", (userId: string) => callerFor(database.db, admin).user.forceLogout({ userId })],
  ] as const) {
    it(`an existing session stops working after ${name}`, async () => {
      const user = await makeUser(database.db, { role: "editor", departmentId });
      const cookie = await cookieFor(user);
      expect(await codeOf(callWithCookie(cookie))).toBe("OK");
      await revoke(user.id);
      expect(await codeOf(callWithCookie(cookie))).toBe("UNAUTHORIZED");
    });
  }

  it("a role change applies to the existing session at its next request", async () => {
    const user = await makeUser(database.db, { role: "admin", departmentId });
    const cookie = await cookieFor(user);
    const listUsers = async () => {
      const context = await createContextFromHeaders(database.db, { cookie }, auth, "127.0.0.1");
      return createCallerFactory(appRouter)(context).user.list();
    };
    expect(await codeOf(listUsers())).toBe("OK");
    await callerFor(database.db, admin).user.update({ userId: user.id, role: "viewer" });
    expect(await codeOf(listUsers())).toBe("FORBIDDEN");
  });
});

describe("session token decoding", () => {
  it("reads what next-auth encodes, and nothing tampered with, expired, or made with another secret", async () => {
    const token = await encode({ token: { uid: "u-1", sv: 3 }, secret });
    expect(await decodeSessionToken(token, secret)).toMatchObject({ uid: "u-1", sv: 3 });
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await decodeSessionToken(tampered, secret)).toBeNull();
    expect(await decodeSessionToken(token, `${secret}-other`)).toBeNull();
    expect(await decodeSessionToken("garbage", secret)).toBeNull();
    const expired = await encode({ token: { uid: "u-1", sv: 3 }, secret, maxAge: -60 });
    expect(await decodeSessionToken(expired, secret)).toBeNull();
  });
});
