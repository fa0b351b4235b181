import { expect } from "vitest";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { loadSectionDocument } from "@/server/collab/persistence";
import { eventually, type TestClient } from "./collab";
import { bodyOf } from "./random-edits";

/** A state vector as a plain object (readable in assertion diffs). */
export function vectorOf(doc: Y.Doc): Record<number, number> {
  return Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)));
}

/** Whether `committed` (a MESSAGE_SAVED vector) covers every update in `doc`. */
export function isCommitted(committed: Uint8Array | null, doc: Y.Doc): boolean {
  if (!committed) return false;
  const saved = Y.decodeStateVector(committed);
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].every(([clientId, clock]) => (saved.get(clientId) ?? 0) >= clock);
}

/**
 * Waits until every client is connected, all hold the same document and the server has announced
 * all of it as committed; then the database must hold exactly that document. The database is read
 * once, not polled: MESSAGE_SAVED claims the state is already stored.
 */
export async function expectConverged(db: Db, sectionId: string, clients: TestClient[], timeoutMs = 10_000): Promise<void> {
  await eventually(() => {
    for (const client of clients) expect(client.provider.synced, "every client is connected and synced").toBe(true);
    const [first, ...rest] = clients;
    for (const client of rest) {
      expect(vectorOf(client.doc)).toEqual(vectorOf(first!.doc));
      expect(bodyOf(client.doc).toString()).toBe(bodyOf(first!.doc).toString());
    }
    for (const client of clients) expect(isCommitted(client.committed(), client.doc), "the server announced everything as saved").toBe(true);
  }, timeoutMs);
  const { doc: stored } = await loadSectionDocument(db, sectionId);
  expect(vectorOf(stored)).toEqual(vectorOf(clients[0]!.doc));
  expect(bodyOf(stored).toString()).toBe(bodyOf(clients[0]!.doc).toString());
  stored.destroy();
}
