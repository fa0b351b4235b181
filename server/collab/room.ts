import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { CLOSE_SECTION_DELETED, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { isForeignKeyViolation } from "@/server/services/errors";
import { appendSectionUpdates, compactSectionDocument, type LoggedUpdate } from "./persistence";

/** What a room needs from a connection: who it is and how to send to it. */
export interface RoomMember {
  readonly userId: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export type RoomOptions = {
  /** Updates wait at most this long before they are written to the database. */
  flushIntervalMs: number;
  /** Fold the update log into the compacted state after this many logged rows. */
  compactAfterRows: number;
  /**
   * Runs after stored changes have settled for `derivedDelayMs` (e.g. re-deriving section links);
   * at most one run at a time per room.
   */
  onStored?: (room: SectionRoom) => Promise<void>;
  derivedDelayMs?: number;
};

export const defaultRoomOptions: RoomOptions = { flushIntervalMs: 40, compactAfterRows: 500, derivedDelayMs: 300 };

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * One loaded section document with its connections. Updates of one event-loop turn go out as one
 * merged broadcast; they are written to the database in small batches, and every member is then
 * told which state is committed (MESSAGE_SAVED), so "已保存" is never claimed early.
 */
export class SectionRoom {
  readonly awareness: awarenessProtocol.Awareness;
  readonly members = new Set<RoomMember>();
  /** Server-side users of the document (versions, restores) that keep it loaded. */
  holds = 0;
  /** State vector of everything known to be in the database. */
  committedVector: Uint8Array;
  private pending: LoggedUpdate[] = [];
  private broadcastQueue: Uint8Array[] = [];
  private awarenessQueue = new Set<number>();
  private tickScheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushChain: Promise<void> = Promise.resolve();
  private rowsSinceCompaction: number;
  /** SyncStep2 carrying the whole state, for new clients; dropped on every change. */
  private fullSyncMessage: Uint8Array | null = null;
  private destroyed = false;
  private derivedTimer: NodeJS.Timeout | null = null;
  private derivedRun: Promise<void> = Promise.resolve();

  constructor(
    readonly sectionId: string,
    readonly doc: Y.Doc,
    private readonly db: Db,
    loggedRows: number,
    private readonly options: RoomOptions = defaultRoomOptions,
  ) {
    this.rowsSinceCompaction = loggedRows;
    this.committedVector = Y.encodeStateVector(doc);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocumentUpdate(update, origin));
    this.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      for (const clientId of [...added, ...updated, ...removed]) this.awarenessQueue.add(clientId);
      this.scheduleTick();
    });
  }

  /** Updates waiting to be written. */
  get pendingCount(): number {
    return this.pending.length;
  }

  private onDocumentUpdate(update: Uint8Array, origin: unknown) {
    const userId = origin && typeof origin === "object" && "userId" in origin ? String((origin as RoomMember).userId) : null;
    this.pending.push({ update, userId });
    this.broadcastQueue.push(update);
    this.fullSyncMessage = null;
    this.scheduleTick();
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  private scheduleTick() {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(() => this.tick());
  }

  /** Sends everything of this event-loop turn: one merged document update, one awareness update. */
  private tick() {
    this.tickScheduled = false;
    if (this.destroyed) return;
    if (this.broadcastQueue.length) {
      const merged = this.broadcastQueue.length === 1 ? this.broadcastQueue[0]! : Y.mergeUpdates(this.broadcastQueue);
      this.broadcastQueue = [];
      this.broadcast(message(MESSAGE_SYNC, (encoder) => syncProtocol.writeUpdate(encoder, merged)));
    }
    if (this.awarenessQueue.size) {
      const clients = [...this.awarenessQueue];
      this.awarenessQueue.clear();
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
      this.broadcast(message(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update)));
    }
  }

  broadcast(payload: Uint8Array) {
    for (const member of this.members) member.send(payload);
  }

  syncStep1Message(): Uint8Array {
    return message(MESSAGE_SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
  }

  /** What a client with this state vector is missing; the whole-state message is encoded once for all new clients. */
  syncStep2Message(stateVector: Uint8Array): Uint8Array {
    const isEmpty = stateVector.length === 1 && stateVector[0] === 0;
    const encode = (update: Uint8Array) =>
      message(MESSAGE_SYNC, (encoder) => {
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(encoder, update);
      });
    if (!isEmpty) return encode(Y.encodeStateAsUpdate(this.doc, stateVector));
    this.fullSyncMessage ??= encode(Y.encodeStateAsUpdate(this.doc));
    return this.fullSyncMessage;
  }

  awarenessMessage(clients = [...this.awareness.getStates().keys()]): Uint8Array | null {
    if (clients.length === 0) return null;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    return message(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update));
  }

  savedMessage(): Uint8Array {
    return message(MESSAGE_SAVED, (encoder) => encoding.writeVarUint8Array(encoder, this.committedVector));
  }

  /** Writes pending updates now (flushes run one after another). */
  flush(): Promise<void> {
    this.flushChain = this.flushChain.then(() => this.flushOnce());
    return this.flushChain;
  }

  private async flushOnce() {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Everything applied so far is in `batch` or already committed: this vector is what the batch commits.
    const vector = Y.encodeStateVector(this.doc);
    const byUser = new Map<string | null, Uint8Array[]>();
    for (const entry of batch) byUser.set(entry.userId, [...(byUser.get(entry.userId) ?? []), entry.update]);
    const rows = [...byUser].map(([userId, updates]) => ({ userId, update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates) }));
    try {
      await appendSectionUpdates(this.db, this.sectionId, rows);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        // The section was deleted meanwhile: its updates have nowhere to go.
        for (const member of this.members) member.close(CLOSE_SECTION_DELETED, "section deleted");
        return;
      }
      console.error(`[collab] saving section ${this.sectionId} failed; retrying:`, (error as Error).message);
      this.pending = batch.concat(this.pending);
      if (!this.destroyed) this.flushTimer ??= setTimeout(() => void this.flush(), 1000);
      return;
    }
    this.committedVector = vector;
    this.broadcast(this.savedMessage());
    this.scheduleDerived();
    this.rowsSinceCompaction += rows.length;
    if (this.rowsSinceCompaction >= this.options.compactAfterRows) await this.compact();
  }

  private scheduleDerived() {
    if (!this.options.onStored || this.derivedTimer || this.destroyed) return;
    this.derivedTimer = setTimeout(() => {
      this.derivedTimer = null;
      this.derivedRun = this.derivedRun.then(() =>
        this.options.onStored!(this).catch((error: unknown) =>
          console.error(`[collab] deriving data of section ${this.sectionId} failed:`, (error as Error).message),
        ),
      );
    }, this.options.derivedDelayMs ?? 300);
  }

  /** Runs a pending derived-data update now (on close). */
  private async settleDerived() {
    if (this.derivedTimer) {
      clearTimeout(this.derivedTimer);
      this.derivedTimer = null;
      if (this.options.onStored) await this.options.onStored(this).catch(() => undefined);
    }
    await this.derivedRun;
  }

  /** Folds the update log into the stored state (safe to run on several instances at once). */
  async compact(): Promise<void> {
    try {
      await compactSectionDocument(this.db, this.sectionId);
      this.rowsSinceCompaction = 0;
    } catch (error) {
      console.error(`[collab] compacting section ${this.sectionId} failed:`, (error as Error).message);
    }
  }

  /** Writes everything, compacts, and frees the document. */
  async close(): Promise<void> {
    await this.flush();
    await this.settleDerived();
    if (this.rowsSinceCompaction > 0 && this.pending.length === 0) await this.compact();
    this.destroyed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
