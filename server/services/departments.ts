import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments } from "@/db/schema";
import { recordAuditEvent } from "./audit";
import { DomainError, isUniqueViolation } from "./errors";

function conflictField(error: unknown): never {
  const text = String((error as { cause?: { detail?: string; constraint?: string } }).cause?.constraint ?? error);
  throw new DomainError("CONFLICT", "A department with this name or code already exists", text.includes("code") ? "code" : "name");
}

export async function createDepartment(db: Db, input: { actor: { id: string }; name: string; code: string }) {
  try {
    return await db.transaction(async (tx) => {
      const [department] = await tx.insert(departments).values({ name: input.name, code: input.code.toUpperCase() }).returning();
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "department.create",
        targetType: "department",
        targetId: department!.id,
        details: { name: department!.name, code: department!.code },
      });
      return department!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) conflictField(error);
    throw error;
  }
}

export async function renameDepartment(db: Db, input: { actor: { id: string }; departmentId: string; name: string }) {
  const [department] = await db.select().from(departments).where(eq(departments.id, input.departmentId));
  if (!department) throw new DomainError("NOT_FOUND", "Unknown department", "departmentId");
  try {
    return await db.transaction(async (tx) => {
      const [renamed] = await tx.update(departments).set({ name: input.name }).where(eq(departments.id, department.id)).returning();
      await recordAuditEvent(tx, {
        actorId: input.actor.id,
        action: "department.rename",
        targetType: "department",
        targetId: department.id,
        details: { from: department.name, to: input.name },
      });
      return renamed!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) conflictField(error);
    throw error;
  }
}
