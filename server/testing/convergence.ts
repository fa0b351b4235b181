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

/**
 * Whether `committed` (the MESSAGE_SAVED vector a client last heard) covers the client's own
 * insertions in `doc`: the server tells each client about its own edits (not about everyone's).
 */
export function ownEditsCommitted(committed: Uint8Array | null, doc: Y.Doc): boolean {
  const own = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID);
  if (own === undefined) return true;
  return committed !== null && (Y.decodeStateVector(committed).get(doc.clientID) ?? 0) >= own;
}

/**
 * Waits until every client is connected, all hold the same document and each has been told that
 * its own edits are committed (together: every edit of the document, as the clients made all of
 * it but the section's stored initial content); then the database must hold it. MESSAGE_SAVED
 * carries a state vector, which speaks of insertions only: every insertion must already be stored
 * when it says so (read once, not polled), while a deletion may still be one flush away (polled).
 */
export async function expectConverged(db: Db, sectionId: string, clients: TestClient[], timeoutMs = 10_000): Promise<void> {
  await eventually(() => {
    clients.forEach((client, index) => {
      const state = `client ${index}: connected ${client.provider.wsconnected}, shouldConnect ${client.provider.shouldConnect}, close events ${JSON.stringify(client.closeEvents)}`;
      expect(client.provider.synced, `every client is connected and synced (${state})`).toBe(true);
    });
    const [first, ...rest] = clients;
    rest.forEach((client, index) => {
      expect(vectorOf(client.doc), `client ${index + 1}'s state vector`).toEqual(vectorOf(first!.doc));
      expect(bodyOf(client.doc).toString(), `client ${index + 1}'s body`).toBe(bodyOf(first!.doc).toString());
    });
    for (const client of clients) expect(ownEditsCommitted(client.committed(), client.doc), "the server announced the client's edits as saved").toBe(true);
  }, timeoutMs);
  const expected = { vector: vectorOf(clients[0]!.doc), body: bodyOf(clients[0]!.doc).toString() };
  const stored = async () => {
    const { doc } = await loadSectionDocument(db, sectionId);
    const found = { vector: vectorOf(doc), body: bodyOf(doc).toString() };
    doc.destroy();
    return found;
  };
  expect((await stored()).vector, "the stored state vector, as soon as MESSAGE_SAVED covers it").toEqual(expected.vector);
  await eventually(async () => expect(await stored(), "the stored document").toEqual(expected), timeoutMs);
}
