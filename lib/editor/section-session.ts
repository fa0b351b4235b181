import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { clearDocument, IndexeddbPersistence } from "y-indexeddb";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import {
  ACCESS_EDITABLE,
  CLOSE_SERVER_RESTARTING,
  MESSAGE_ACCESS,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  reconnectsAfterClose,
} from "@/lib/collab/protocol";
import { type Peer, peersFrom, samePeers } from "./presence";
import { type UnsavedEdit, UnsavedEdits } from "./unsaved-edits";

export type SectionAccess = { canEdit: boolean; reason: string };

/** "connecting" only before the first connection attempt ended; afterwards a closed socket is "offline". */
export type ConnectionState = "connecting" | "online" | "offline";

export type SectionSessionState = {
  connection: ConnectionState;
  /** What the server announced on the socket (MESSAGE_ACCESS); null until it did. */
  access: SectionAccess | null;
  /** The server has said at least once what is committed. */
  savedKnown: boolean;
  /** Local edits not yet confirmed as stored (see UnsavedEdits). */
  unsaved: number;
  /**
   * The server closed the socket for good (4401 session ended, 4403 access removed, 4404 section
   * deleted, 4400 malformed messages, 4413 the section would grow past its limit, 1009 a message
   * over the size limit); not after 4429 (too many messages), which reconnects.
   */
  closedCode: number | null;
  /** The last socket was closed because the server restarts (1012); the provider reconnects. */
  restarting: boolean;
  /** The body is there to show (from the server or from the local copy). */
  loaded: boolean;
  peers: Peer[];
};

export type SectionSessionOptions = {
  sectionId: string;
  /** e.g. "wss://host/collab"; the provider appends "/<sectionId>". */
  wsBase: string;
  /** Whether plan.get said the user may edit, until the server's MESSAGE_ACCESS says otherwise. */
  initialCanEdit: boolean;
  /** The logged-in user, so that their own other tabs are not listed as other people. */
  selfUserId: string | null;
  /** Keep a local copy in IndexedDB, so that edits survive going offline and reloading. */
  persist: boolean;
  WebSocketPolyfill?: typeof WebSocket;
};

/** Name of a section's local copy in IndexedDB. */
export const localCopyName = (sectionId: string) => `xz-section-${sectionId}`;
const UNSAVED_EDITS_KEY = "unsavedEdits";

/** The WebSocket base URL of the collaboration server on this page's host. */
export function collabBaseUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/collab`;
}

/**
 * Everything one section body needs while it is open: its Y.Doc, the socket (y-websocket with our
 * MESSAGE_SAVED / MESSAGE_ACCESS), the local copy (y-indexeddb), and a state snapshot for the UI
 * (connection, access, saved state, presence). `destroy()` releases all of it.
 */
export class SectionSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly persistence: IndexeddbPersistence | null;
  private readonly unsavedEdits = new UnsavedEdits();
  private readonly listeners = new Set<() => void>();
  private state: SectionSessionState;
  private everClosed = false;
  private probeScheduled = false;
  private editsRestored: boolean;
  private editsWriteScheduled = false;
  private destroyed = false;

  constructor(private readonly options: SectionSessionOptions) {
    this.state = {
      connection: "connecting",
      access: null,
      savedKnown: false,
      unsaved: 0,
      closedCode: null,
      restarting: false,
      loaded: false,
      peers: [],
    };
    this.doc.on("afterTransaction", this.onAfterTransaction);

    this.persistence = options.persist ? new IndexeddbPersistence(localCopyName(options.sectionId), this.doc) : null;
    this.editsRestored = !this.persistence;
    if (this.persistence) {
      const persistence = this.persistence;
      // Issued before any write of ours, so it reads what the previous visit stored.
      void persistence.get(UNSAVED_EDITS_KEY).then((stored: unknown) => {
        if (this.destroyed) return;
        this.unsavedEdits.restore(parseStoredEdits(stored));
        this.editsRestored = true;
        this.editsChanged();
      });
      persistence.on("synced", () => this.update({ loaded: true }));
    }

    // Tabs of one browser talk through the server only, which applies the read-only filter.
    this.provider = new WebsocketProvider(options.wsBase, options.sectionId, this.doc, {
      disableBc: true,
      shouldReconnect: (event) => reconnectsAfterClose(event.code),
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    });
    this.installMessageHandlers();
    this.provider.on("status", ({ status }) => {
      if (status === "connected") {
        this.unsavedEdits.connectionOpened();
        this.update({ connection: "online", restarting: false });
      } else {
        this.update({ connection: this.everClosed || this.state.connection === "online" ? "offline" : "connecting" });
      }
    });
    this.provider.on("connection-close", (event) => {
      this.everClosed = true;
      this.update({ connection: "offline", ...(event?.code === CLOSE_SERVER_RESTARTING ? { restarting: true } : {}) });
    });
    this.provider.on("closed", ({ code }) => this.update({ closedCode: code, restarting: false }));
    this.provider.on("sync", (synced) => {
      if (synced) this.update({ loaded: true });
    });
    this.provider.awareness.on("change", this.onAwarenessChange);
  }

  /** Whether the user may type: the server's word once it spoke, plan.get's before. */
  get canEdit(): boolean {
    return this.state.access?.canEdit ?? this.options.initialCanEdit;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SectionSessionState => this.state;

  private update(patch: Partial<SectionSessionState>) {
    if (this.destroyed) return;
    const changed = (Object.keys(patch) as (keyof SectionSessionState)[]).some((key) => patch[key] !== this.state[key]);
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private installMessageHandlers() {
    const handlers = this.provider.messageHandlers;
    handlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      const canEdit = decoding.readVarUint(decoder) === ACCESS_EDITABLE;
      const reason = decoding.readVarString(decoder);
      const current = this.state.access;
      if (current?.canEdit !== canEdit || current.reason !== reason) this.update({ access: { canEdit, reason } });
    };
    handlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const committed = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      if (this.unsavedEdits.committed(committed)) this.editsChanged();
      this.update({ savedKnown: true });
    };
    const handleSync = handlers[MESSAGE_SYNC]!;
    handlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const syncType = decoding.peekVarUint(decoder);
      handleSync(encoder, decoder, provider, emitSynced, messageType);
      // The server sends a SyncStep2 only in answer to a SyncStep1 of ours.
      if (syncType === syncProtocol.messageYjsSyncStep2) this.unsavedEdits.probeAnswered();
      // Our SyncStep2 (with whatever was edited offline) goes out right after this handler returns.
      if (syncType === syncProtocol.messageYjsSyncStep1) this.scheduleProbe();
    };
  }

  private onAfterTransaction = (transaction: Y.Transaction) => {
    // Remote updates (from the socket or the local copy) are applied as non-local transactions.
    if (!transaction.local || !this.canEdit) return;
    const client = this.doc.clientID;
    const clockBefore = transaction.beforeState.get(client) ?? 0;
    const clockAfter = transaction.afterState.get(client) ?? 0;
    const deleted = transaction.deleteSet.clients.size > 0;
    if (clockAfter === clockBefore && !deleted) return;
    const deletionOnly = clockAfter === clockBefore;
    this.unsavedEdits.record({ client, clock: clockAfter, deletionOnly });
    if (deletionOnly) this.scheduleProbe();
    this.editsChanged();
  };

  private onAwarenessChange = () => {
    const peers = peersFrom(this.provider.awareness.getStates(), this.doc.clientID, this.options.selfUserId);
    if (!samePeers(peers, this.state.peers)) this.update({ peers });
  };

  /** Sends a SyncStep1 once the current task is done (after the update or SyncStep2 it follows). */
  private scheduleProbe() {
    if (this.probeScheduled || !this.unsavedEdits.hasUnprobedDeletions) return;
    this.probeScheduled = true;
    queueMicrotask(() => {
      this.probeScheduled = false;
      const ws = this.provider.ws;
      if (this.destroyed || !this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
      if (!this.unsavedEdits.hasUnprobedDeletions) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      ws.send(encoding.toUint8Array(encoder));
      this.unsavedEdits.probeSent();
    });
  }

  private editsChanged() {
    this.update({ unsaved: this.unsavedEdits.count });
    if (!this.persistence || !this.editsRestored || this.editsWriteScheduled) return;
    this.editsWriteScheduled = true;
    queueMicrotask(() => {
      this.editsWriteScheduled = false;
      if (this.destroyed || !this.persistence) return;
      void this.persistence.set(UNSAVED_EDITS_KEY, JSON.stringify(this.unsavedEdits.list()));
    });
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.listeners.clear();
    this.provider.awareness.off("change", this.onAwarenessChange);
    this.doc.off("afterTransaction", this.onAfterTransaction);
    this.provider.destroy();
    this.provider.awareness.destroy();
    this.doc.destroy();
  }

  /** Closes the session and deletes the local copy (with any edits the server never took). */
  async discardLocalCopy(): Promise<void> {
    const persistence = this.persistence;
    this.destroy();
    if (!persistence) return;
    await persistence.destroy();
    await clearDocument(localCopyName(this.options.sectionId));
  }
}

function parseStoredEdits(stored: unknown): UnsavedEdit[] {
  if (typeof stored !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (edit): edit is UnsavedEdit =>
        typeof edit === "object" &&
        edit !== null &&
        Number.isSafeInteger(edit.client) &&
        Number.isSafeInteger(edit.clock) &&
        typeof edit.deletionOnly === "boolean",
    );
  } catch {
    return [];
  }
}
