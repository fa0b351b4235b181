import type { DbOrTx } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditEventInput = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
};

/** Appends an audit event; call it inside the transaction of the change it records. */
export async function recordAuditEvent(tx: DbOrTx, event: AuditEventInput): Promise<void> {
  await tx.insert(auditEvents).values({ ...event, details: event.details ?? {} });
}
