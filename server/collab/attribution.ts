import { and, asc, eq, sql } from "drizzle-orm";
import * as Y from "yjs";

/** Yjs does not export the DeleteSet class as a type; this is its type. */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
import type { Db } from "@/db/client";
import { sectionAuthors, sectionDeletions, sectionUpdates } from "@/db/schema";

/**
 * Who wrote and who deleted what in a section, from the server's own records: every logged update
 * row carries the authenticated user who sent it (never a claim of the client). Insertions are
 * attributed by Yjs client id (each browser document has its own), deletions by the delete sets
 * each user's updates carried. This is what y-prosemirror's snapshot rendering asks a
 * PermanentUserData for, kept on the server instead of inside the document.
 */
export type Attribution = {
  /** Yjs client id → user id (first writer wins). */
  authors: Map<number, string>;
  /** User id → everything that user deleted. */
  deletions: Map<string, DeleteSet>;
};

export function emptyAttribution(): Attribution {
  return { authors: new Map(), deletions: new Map() };
}

/** Attribution of logged update rows, in log order. */
export function extractAttribution(rows: { update: Uint8Array; userId: string | null }[], into = emptyAttribution()): Attribution {
  const deletions = new Map<string, DeleteSet[]>();
  for (const row of rows) {
    if (!row.userId) continue;
    const { structs, ds } = Y.decodeUpdate(row.update);
    for (const struct of structs) if (struct instanceof Y.Item && !into.authors.has(struct.id.client)) into.authors.set(struct.id.client, row.userId);
    if (ds.clients.size > 0) deletions.set(row.userId, [...(deletions.get(row.userId) ?? []), ds]);
  }
  for (const [userId, sets] of deletions) {
    const known = into.deletions.get(userId);
    into.deletions.set(userId, Y.mergeDeleteSets(known ? [known, ...sets] : sets));
  }
  return into;
}

export function encodeDeleteSet(ds: DeleteSet): Uint8Array {
  return Y.encodeSnapshot(Y.createSnapshot(ds, new Map()));
}

export function decodeDeleteSet(bytes: Uint8Array): DeleteSet {
  return Y.decodeSnapshot(bytes).ds;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Adds attribution to the stored tables (inside the compaction's transaction, which holds the section's row lock). */
export async function storeAttribution(tx: Tx | Db, sectionId: string, attribution: Attribution): Promise<void> {
  if (attribution.authors.size > 0) {
    await tx
      .insert(sectionAuthors)
      .values([...attribution.authors].map(([clientId, userId]) => ({ sectionId, clientId, userId })))
      .onConflictDoNothing();
  }
  for (const [userId, ds] of attribution.deletions) {
    const [known] = await tx
      .select({ deletions: sectionDeletions.deletions })
      .from(sectionDeletions)
      .where(and(eq(sectionDeletions.sectionId, sectionId), eq(sectionDeletions.userId, userId)));
    const merged = encodeDeleteSet(known ? Y.mergeDeleteSets([decodeDeleteSet(known.deletions), ds]) : ds);
    await tx
      .insert(sectionDeletions)
      .values({ sectionId, userId, deletions: merged })
      .onConflictDoUpdate({ target: [sectionDeletions.sectionId, sectionDeletions.userId], set: { deletions: sql`excluded.deletions` } });
  }
}

/** The whole attribution of a section: the stored tables plus the log not yet compacted. */
export async function loadAttribution(db: Db, sectionId: string): Promise<Attribution> {
  return db.transaction(
    async (tx) => {
      const attribution = emptyAttribution();
      const authors = await tx.select().from(sectionAuthors).where(eq(sectionAuthors.sectionId, sectionId));
      for (const row of authors) attribution.authors.set(row.clientId, row.userId);
      const deletions = await tx.select().from(sectionDeletions).where(eq(sectionDeletions.sectionId, sectionId));
      for (const row of deletions) attribution.deletions.set(row.userId, decodeDeleteSet(row.deletions));
      const log = await tx
        .select({ update: sectionUpdates.update, userId: sectionUpdates.userId })
        .from(sectionUpdates)
        .where(eq(sectionUpdates.sectionId, sectionId))
        .orderBy(asc(sectionUpdates.seq));
      return extractAttribution(log, attribution);
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The user who deleted the struct `id`, if anyone is known to have. */
export function deletedBy(attribution: Attribution, id: Y.ID): string | null {
  for (const [userId, ds] of attribution.deletions) if (Y.isDeleted(ds, id)) return userId;
  return null;
}

/** For the wire (tRPC/JSON): client ids and base64 delete sets. */
export type AttributionWire = { authors: [number, string][]; deletions: [string, string][] };

export function attributionToWire(attribution: Attribution): AttributionWire {
  return {
    authors: [...attribution.authors],
    deletions: [...attribution.deletions].map(([userId, ds]) => [userId, Buffer.from(encodeDeleteSet(ds)).toString("base64")]),
  };
}
