import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/auth/session";
import { DomainError } from "@/server/services/errors";
import { type Action, can, isAction, isRoleAction, PolicyDeniedError, type ResourceArgs, type RoleAction } from "@/server/policy";

export type Context = {
  db: Db;
  /** Null when not logged in, or when the session was revoked. */
  user: SessionUser | null;
  clientAddress: string;
};

/** Every procedure declares the policy action that guards it; a procedure without one refuses to run. */
export type Meta = { action: RoleAction };

/** Field path → message, for forms to show beside the field. */
export type FieldErrors = Record<string, string>;

function fieldErrorsOf(error: ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "input";
    fields[key] ??= issue.message;
  }
  return fields;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    isDev: false,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      const fields = zodError ? fieldErrorsOf(zodError) : (error.cause as { fields?: FieldErrors } | undefined)?.fields;
      const details = (error.cause as { details?: Record<string, unknown> } | undefined)?.details ?? null;
      let message = shape.message;
      if (zodError) {
        message = Object.entries(fields ?? {})
          .map(([field, text]) => `${field}: ${text}`)
          .join("; ");
      } else if (error.code === "INTERNAL_SERVER_ERROR") {
        message = "Internal server error";
      }
      return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fields: fields ?? null, details } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** A typed BAD_REQUEST naming the field, for checks zod cannot make (e.g. unknown department). */
export function forbidden(action: Action): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message: `Not allowed: ${action}` });
}

/** Turns domain refusals into typed errors naming the field, and logs unexpected failures. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      const fields = cause.field ? { [cause.field]: cause.message } : undefined;
      throw new TRPCError({
        code: cause.code,
        message: cause.field ? `${cause.field}: ${cause.message}` : cause.message,
        cause: Object.assign(new Error(cause.message), { fields, details: cause.details }),
      });
    }
    // Services ask the policy themselves (authorize()) for decisions that need the loaded resource.
    if (cause instanceof PolicyDeniedError) throw forbidden(cause.action);
    if (result.error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path} failed:`, cause ?? result.error);
  }
  return result;
});

/**
 * The only procedure tier: requires a valid session, then asks the policy for the procedure's
 * declared action. Handlers check resource-level actions with `ctx.authorize(action, resource)`.
 */
export const procedure = t.procedure.use(mapErrors).use(async ({ ctx, meta, next, path }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Not logged in" });
  const action = meta?.action;
  if (!isAction(action) || !isRoleAction(action)) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Procedure ${path} declares no policy action` });
  }
  const user = ctx.user;
  if (!can(user, action)) throw forbidden(action);
  return next({
    ctx: {
      user,
      /** Resource-level policy check; throws FORBIDDEN. */
      authorize<A extends Action>(resourceAction: A, ...resource: ResourceArgs<A>): void {
        if (!can(user, resourceAction, ...resource)) throw forbidden(resourceAction);
      },
      /** Policy question without throwing, for abilities returned to the UI. */
      can<A extends Action>(resourceAction: A, ...resource: ResourceArgs<A>): boolean {
        return can(user, resourceAction, ...resource);
      },
    },
  });
});
