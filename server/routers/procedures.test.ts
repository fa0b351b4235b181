import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { isAction, isRoleAction } from "@/server/policy";
import { appRouter } from "@/server/routers";
import { createCallerFactory, procedure, router } from "@/server/trpc";
import type { SessionUser } from "@/server/auth/session";

type AnyProcedure = { _def: { meta?: { action?: unknown }; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

const admin: SessionUser = {
  id: "00000000-0000-4000-8000-000000000009",
  username: "admin",
  displayName: "admin",
  role: "admin",
  departmentId: "00000000-0000-4000-8000-000000000001",
  departmentName: "x",
  disabled: false,
  sessionVersion: 1,
};

describe("every tRPC procedure asks the policy", () => {
  it("has procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(10);
  });

  for (const [path, definition] of procedures) {
    it(`${path} declares a role-level policy action`, () => {
      const action = definition._def.meta?.action;
      expect(isAction(action), `${path} has no policy action in its meta`).toBe(true);
      expect(isRoleAction(action as never)).toBe(true);
    });
  }

  it("refuses to run a procedure that declares no policy action", async () => {
    const rogue = router({ open: procedure.query(() => "secret") });
    const caller = createCallerFactory(rogue)({ db: null as never, user: admin, clientAddress: "x" });
    const error = await caller.open().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("INTERNAL_SERVER_ERROR");
    expect((error as TRPCError).message).toMatch(/declares no policy action/);
  });

  it("answers UNAUTHORIZED to every procedure without a session", async () => {
    const caller = createCallerFactory(appRouter)({ db: null as never, user: null, clientAddress: "x" });
    for (const [path] of procedures) {
      const [namespace, name] = path.split(".") as [string, string];
      const call = (caller as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>)[namespace]![name]!;
      const error = await call({}).catch((caught: unknown) => caught);
      expect((error as TRPCError).code, path).toBe("UNAUTHORIZED");
    }
  });
});
