import * as Y from "yjs";
import type { Db } from "@/db/client";
import { appendSectionUpdates, loadSectionDocument } from "./persistence";

/**
 * Server-side access to section documents for versions, diffs and restores. The collaboration
 * server is the host while the app runs, so a change made here is live for every connected client
 * and goes through the same log as typed edits; without one (scripts, tests of the routers alone)
 * the database is the host.
 */
export interface SectionDocumentHost {
  /** Runs `read` on the section's current document, everything received so far committed first. */
  read<T>(sectionId: string, read: (doc: Y.Doc) => T): Promise<T>;
  /**
   * Applies a change `userId` makes (on a copy of the document, under a Yjs client id of its own,
   * so that attribution names the user) and commits it as one logged update.
   */
  change(sectionId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void>;
}

/** The update `change` makes to a copy of `doc`, written under a fresh client id. */
export function updateFromChange(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(scratch);
    change(scratch);
    const after = Y.encodeStateVector(scratch);
    const update = Y.encodeStateAsUpdate(scratch, before);
    // Nothing inserted and nothing deleted: no update worth logging.
    return Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0 && Y.decodeUpdate(update).ds.clients.size === 0 ? null : update;
  } finally {
    scratch.destroy();
  }
}

export class DatabaseDocumentHost implements SectionDocumentHost {
  constructor(private readonly db: Db) {}

  async read<T>(sectionId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const { doc } = await loadSectionDocument(this.db, sectionId);
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  async change(sectionId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const { doc } = await loadSectionDocument(this.db, sectionId);
    try {
      const update = updateFromChange(doc, change);
      if (update) await appendSectionUpdates(this.db, sectionId, [{ update, userId }]);
    } finally {
      doc.destroy();
    }
  }
}

type GlobalWithHost = typeof globalThis & { __xzDocumentHost?: SectionDocumentHost };

/** Makes the running collaboration server the host (app start, collaboration tests). */
export function setDocumentHost(host: SectionDocumentHost | undefined): void {
  (globalThis as GlobalWithHost).__xzDocumentHost = host;
}

export function documentHost(db: Db): SectionDocumentHost {
  return (globalThis as GlobalWithHost).__xzDocumentHost ?? new DatabaseDocumentHost(db);
}
