import { asc, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { sectionDocuments, sectionUpdates } from "@/db/schema";
import { extractAttribution, storeAttribution } from "./attribution";

/**
 * Section documents are never garbage-collected (`gc: false`): deleted text stays in the document,
 * marked deleted, so any past version can be rendered from a snapshot and diffs show what was
 * removed (see docs/ARCHITECTURE.md, "Versions and diffs").
 *
 * Storage of section documents behind two operations, like Hocuspocus' fetch/store: the compacted
 * state in `section_documents` plus an append-only log of updates in `section_updates`.
 */

/**
 * A new server-side section document: never garbage-collected (above), with a fixed guid — the
 * guid only names subdocuments, and Yjs would otherwise draw a random UUID for each document (one
 * CSPRNG call per hex digit), which showed in profiles of thousands of rooms loading at once.
 */
export function newSectionDoc(): Y.Doc {
  return new Y.Doc({ gc: false, guid: "section" });
}

/** Loads a section document: the compacted state with every logged update applied. */
export async function loadSectionDocument(db: Db, sectionId: string): Promise<{ doc: Y.Doc; loggedUpdates: number }> {
  const { stored, updates } = await readSectionRows(db, sectionId);
  const doc = newSectionDoc();
  doc.transact(() => {
    if (stored) Y.applyUpdate(doc, stored.state);
    for (const row of updates) Y.applyUpdate(doc, row.update);
  });
  return { doc, loggedUpdates: updates.length };
}

/** The compacted state and the logged updates of a section, read in one snapshot. */
async function readSectionRows(db: Db, sectionId: string) {
  // One snapshot for both reads, so a compaction committing in between cannot hide updates.
  return db.transaction(
    async (tx) => {
      const [stored] = await tx.select({ state: sectionDocuments.state }).from(sectionDocuments).where(eq(sectionDocuments.sectionId, sectionId));
      const updates = await tx
        .select({ update: sectionUpdates.update })
        .from(sectionUpdates)
        .where(eq(sectionUpdates.sectionId, sectionId))
        .orderBy(asc(sectionUpdates.seq));
      return { stored, updates };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * Loads a section document as its encoded state (the compacted state merged with every logged
 * update), without building the document: the collaboration server builds it only when needed.
 */
export async function loadSectionState(db: Db, sectionId: string): Promise<{ state: Uint8Array; loggedUpdates: number }> {
  const { stored, updates } = await readSectionRows(db, sectionId);
  const parts = [...(stored ? [new Uint8Array(stored.state)] : []), ...updates.map((row) => row.update)];
  const state = parts.length === 0 ? new Uint8Array([0, 0]) : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  return { state, loggedUpdates: updates.length };
}

export type LoggedUpdate = { update: Uint8Array; userId: string | null };
export type LoggedRow = LoggedUpdate & { sectionId: string };

/** Appends updates to the section's log in one statement; when it returns they are committed. */
export function appendSectionUpdates(db: Db, sectionId: string, entries: readonly LoggedUpdate[]): Promise<void> {
  return appendUpdateLog(db, entries.map((entry) => ({ sectionId, update: entry.update, userId: entry.userId })));
}

/**
 * Appends rows (of any sections) to the update log in one statement, in order. The rows travel as
 * lists the database splits and unnests (a statement of constant size, instead of three
 * parameters per row that the query builder would assemble one by one: it showed in profiles at
 * thousands of updates a second); the updates themselves as one binary parameter that the database
 * cuts at the given offsets (a `bytea[]` parameter travels as text, every byte two hex digits: with
 * 2,000 sections being typed in, building that string was 5 % of what the server allocated).
 */
export async function appendUpdateLog(db: Db, rows: readonly LoggedRow[]): Promise<void> {
  if (rows.length === 0) return;
  // The ids and offsets as comma-separated text that the database splits (`string_to_array`; "-"
  // is a null user): the drivers write an array parameter element by element, quoting and
  // escaping each id (4 % of what the server allocated at 5,000 updates a second).
  let sectionIds = "";
  let userIds = "";
  let starts = "";
  let lengths = "";
  let start = 1;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const comma = index === 0 ? "" : ",";
    sectionIds += comma + row.sectionId;
    userIds += comma + (row.userId ?? "-");
    starts += comma + start;
    lengths += comma + row.update.length;
    start += row.update.length;
  }
  const updates = Buffer.concat(rows.map((row) => row.update));
  await db.execute(sql`
    insert into ${sectionUpdates} ("section_id", "update", "user_id")
    select section_id, substring(${sql.param(updates)}::bytea from start for length), user_id
    from unnest(
      string_to_array(${sql.param(sectionIds)}::text, ',')::uuid[],
      string_to_array(${sql.param(starts)}::text, ',')::int[],
      string_to_array(${sql.param(lengths)}::text, ',')::int[],
      string_to_array(${sql.param(userIds)}::text, ',', '-')::uuid[]
    ) with ordinality as row(section_id, start, length, user_id, position)
    order by position`);
}

/**
 * Folds the logged updates into the compacted state. The section's state row is locked for the
 * transaction, so two instances compacting the same section take turns; each folds exactly the
 * updates it read and deletes exactly those, so nothing is lost or applied twice.
 */
export async function compactSectionDocument(db: Db, sectionId: string): Promise<{ folded: number }> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute(
      sql`select ${sectionDocuments.state} as state from ${sectionDocuments} where ${sectionDocuments.sectionId} = ${sectionId} for update`,
    );
    const lockedRows = (locked as unknown as { rows: { state: Uint8Array }[] }).rows;
    const updates = await tx
      .select({ seq: sectionUpdates.seq, update: sectionUpdates.update, userId: sectionUpdates.userId })
      .from(sectionUpdates)
      .where(eq(sectionUpdates.sectionId, sectionId))
      .orderBy(asc(sectionUpdates.seq));
    if (updates.length === 0) return { folded: 0 };
    // The log is the only record of who wrote what: keep it before the rows go.
    await storeAttribution(tx, sectionId, extractAttribution(updates));
    const doc = newSectionDoc();
    doc.transact(() => {
      if (lockedRows[0]) Y.applyUpdate(doc, new Uint8Array(lockedRows[0].state));
      for (const row of updates) Y.applyUpdate(doc, row.update);
    });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    if (lockedRows[0]) {
      await tx.update(sectionDocuments).set({ state, updatedAt: new Date() }).where(eq(sectionDocuments.sectionId, sectionId));
    } else {
      await tx.insert(sectionDocuments).values({ sectionId, state });
    }
    // Exactly the rows folded: a row with a lower seq committed meanwhile by another instance stays.
    await tx.delete(sectionUpdates).where(inArray(sectionUpdates.seq, updates.map((row) => row.seq)));
    return { folded: updates.length };
  });
}
