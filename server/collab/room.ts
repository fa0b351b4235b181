import { createHash } from "node:crypto";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { CLOSE_SECTION_DELETED, MAX_SECTION_BYTES, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import { isForeignKeyViolation } from "@/server/services/errors";
import { type AwarenessListener, CROWDED_ROOM, RoomAwareness } from "./awareness";
import { binaryFrame, varUintBytes, varUintLength, writeVarUint } from "./frame";
import { appendSectionUpdates, compactSectionDocument, type LoggedUpdate, newSectionDoc } from "./persistence";
import type { UpdateLogWriter } from "./writer";

/** Origin of changes that came from another instance (through the bus), with their author when known. */
export class RemoteOrigin {
  constructor(readonly userId: string | null) {}
}

/** Where a room sends what other instances must see (the bus; absent on a single instance). */
export interface RoomFanout {
  /** The local updates of one event-loop turn, with their authors (one message for all). */
  updates(entries: LoggedUpdate[]): void;
  awareness(update: Uint8Array): void;
  /** This instance committed these clocks (a state vector). */
  saved(vector: Uint8Array): void;
}

/** How long a change from another instance may wait for that instance's commit before we store it ourselves. */
export const REMOTE_COMMIT_GRACE_MS = 3000;

/** What a room needs from a connection: who it is and how to send to it. */
export interface RoomMember {
  readonly userId: string;
  /** The Yjs/awareness client id this member speaks for (null until its first presence). */
  readonly ownedClientId: number | null;
  /** Sends a message framed by `binaryFrame` (the same frame goes to many members). */
  sendFrame(frame: Buffer): void;
  close(code: number, reason: string): void;
}

export type RoomOptions = {
  /** Updates wait at most this long before they are written to the database. */
  flushIntervalMs: number;
  /** Fold the update log into the compacted state after this many logged rows. */
  compactAfterRows: number;
  /**
   * Runs `derivedDelayMs` after the first store since its last run (e.g. re-deriving section links),
   * so at most once per that interval while a section is typed in; one run at a time per room.
   */
  onStored?: (room: SectionRoom) => Promise<void>;
  derivedDelayMs?: number;
  /** Group commit across rooms (the collaboration server's); without it each room inserts alone. */
  writer?: UpdateLogWriter;
  /** A document nobody changed for this long is kept only as its encoded state (see SectionRoom). */
  restAfterMs: number;
  /** The largest the document may grow (its encoded state, in bytes); see `wouldExceed`. */
  maxBytes: number;
};

/**
 * Near the size limit, the document is measured again (encoded: ~10 ms for a 10 MB section) only
 * after this many bytes of changes since its last measure; until then the estimate decides.
 */
const REMEASURE_AFTER_BYTES = 64 * 1024;

/**
 * In a room with CROWDED_ROOM members or more, presence changes go out at most every
 * CROWDED_PRESENCE_INTERVAL_MS, gathered into one message: each goes to every member, so a crowd
 * arriving (or moving carets) costs members × changes socket writes, and gathering them over 50 ms
 * instead of one event-loop turn cuts that by the number of changes in the window. Document updates
 * are never held.
 */
const CROWDED_PRESENCE_INTERVAL_MS = 50;

export const defaultRoomOptions: RoomOptions = { flushIntervalMs: 40, compactAfterRows: 500, derivedDelayMs: 1000, restAfterMs: 10_000, maxBytes: MAX_SECTION_BYTES };

const digestOf = (ds: ReturnType<typeof Y.decodeUpdate>["ds"]) => createHash("sha1").update(Y.encodeSnapshot(Y.createSnapshot(ds, new Map()))).digest().subarray(0, 8);

/** A digest of what a document has deleted (equal delete sets encode equally: sorted and merged). */
export const deleteSetDigest = (doc: Y.Doc): Uint8Array => digestOf(Y.snapshot(doc).ds);

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, index) => byte === b[index]);

/**
 * SyncStep2 carrying a state, as a WebSocket frame; the state is its tail, so a room keeping both
 * (`kept`) keeps one buffer.
 */
function wholeStateFrame(state: Uint8Array, kept = true): { frame: Buffer; state: Uint8Array } {
  const frame = binaryFrame(state, { kept, prefix: syncPrefix(syncProtocol.messageYjsSyncStep2, state) });
  return { frame, state: frame.subarray(frame.length - state.length) };
}

/** The leading bytes of a sync message (SyncStep2 or Update) carrying `update`, as y-protocols writes them. */
const syncPrefix = (syncType: number, update: Uint8Array) => [MESSAGE_SYNC, syncType, ...varUintBytes(update.length)];

/** A section document from its encoded state. */
function documentFrom(state: Uint8Array): Y.Doc {
  const doc = newSectionDoc();
  Y.applyUpdate(doc, state);
  return doc;
}

/**
 * One timer (or one setImmediate) for all the rooms that ask within its span: with thousands of
 * sections being typed in, a timer and an immediate per room and change were a measurable share of
 * the server's CPU. A room that no longer needs it (flushed early, closed) is taken out again.
 */
class SharedTimer<T> {
  private due = new Set<T>();
  private started = false;

  constructor(
    private readonly start: (fire: () => void) => void,
    private readonly run: (item: T) => void,
  ) {}

  add(item: T) {
    this.due.add(item);
    if (this.started) return;
    this.started = true;
    this.start(() => this.fire());
  }

  delete(item: T) {
    this.due.delete(item);
  }

  private fire() {
    this.started = false;
    const due = this.due;
    this.due = new Set();
    for (const item of due) this.run(item);
  }
}

/** One settled promise to start every room's chains with. */
const settled: Promise<void> = Promise.resolve();

/** The room member behind a change's origin (a socket's writes carry the socket), else null. */
const memberOf = (origin: unknown): RoomMember | null =>
  origin && typeof origin === "object" && "userId" in origin && !(origin instanceof RemoteOrigin) ? (origin as RoomMember) : null;

/**
 * Which clocks a transaction's change carries: what its batch commits, and whose edits they are
 * (see flushOnce): the after-state of each client whose structs it added.
 */
function clocksOf(transaction: Y.Transaction): Map<number, number> {
  const to = new Map<number, number>();
  for (const [clientId, clock] of transaction.afterState) if ((transaction.beforeState.get(clientId) ?? 0) < clock) to.set(clientId, clock);
  return to;
}

/**
 * A map of client clocks as a state vector: as Y.encodeStateVector writes it, but in the map's order
 * (decoding does not depend on the order; sorting and lib0's encoder cost more than the rest of an
 * acknowledgement), straight into its bytes.
 */
function encodeClocks(clocks: Map<number, number>): Uint8Array {
  let length = varUintLength(clocks.size);
  for (const [clientId, clock] of clocks) length += varUintLength(clientId) + varUintLength(clock);
  const vector = new Uint8Array(length);
  let offset = writeVarUint(vector, 0, clocks.size);
  for (const [clientId, clock] of clocks) offset = writeVarUint(vector, writeVarUint(vector, offset, clientId), clock);
  return vector;
}

/**
 * Where an update's structs start, per client: what `apply` needs to send it on as it came. Also
 * the guard `Y.applyUpdate` lacks: it runs `new Array(declaredStructCount)` before reading a single
 * struct, so a 9-byte update could cost ~200 ms and 256 MB. An update of one client (every typed
 * edit) is read from its header, and a struct count its bytes cannot hold (a struct takes at least
 * two) throws; any other goes through `Y.parseUpdateMeta`, whose lazy reader walks the structs one
 * by one and throws on such counts (it decodes every struct, which for a typed edit cost as much
 * as applying it). Throws on an update that ends inside its header.
 */
export function updateStart(update: Uint8Array): { from: Map<number, number> } {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients > 1) return Y.parseUpdateMeta(update);
  const from = new Map<number, number>();
  if (clients === 1) {
    const structs = decoding.readVarUint(decoder);
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    if (structs * 2 > update.length - decoder.pos) throw new Error("update declares more structs than it holds");
    if (structs > 0) from.set(clientId, clock);
  }
  return { from };
}

/**
 * A transaction `apply` runs: the update it may send as it came (null: Yjs encodes the change),
 * whether Yjs read all of it (no decoding error part-way), and whether it changed anything.
 */
type Applying = { transaction: Y.Transaction | null; asSent: Uint8Array | null; read: boolean; changed: boolean };

/** A Yjs update that carries nothing (no structs, no deletions). */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * One loaded section document with its connections. Updates of one event-loop turn go out as one
 * merged broadcast; they are written to the database in small batches, and the members a batch
 * concerns (who sent it, whose edits it holds) are then told which state is committed
 * (MESSAGE_SAVED), so "已保存" is never claimed early. Nobody else is sent the acknowledgement:
 * with five people in a section, telling all of them after each batch was most of the server's
 * socket writes.
 *
 * A room rests when nobody changed its document for `restAfterMs`: the Y.Doc is dropped and only
 * its encoded state kept (a few hundred bytes for a short section instead of the document's
 * object graph). Readers join, sync and leave a resting room without the document being built:
 * the state vector, whole-state and difference messages are computed from the encoded state. The
 * first change (or server-side use through `doc`) builds the document again.
 */
export class SectionRoom implements AwarenessListener {
  readonly awareness = new RoomAwareness(this);
  readonly members = new Set<RoomMember>();
  /** Server-side users of the document (versions, restores) that keep it loaded. */
  holds = 0;
  /** Per Yjs client, the clock up to which its insertions are known to be in the database. */
  private readonly committedClocks: Map<number, number>;
  /** Fan-out to other instances (set by the collaboration server when Redis is configured). */
  fanout: RoomFanout | null = null;
  private pending: (LoggedUpdate & { to: Map<number, number> })[] = [];
  /** Members that sent writes since the last batch was taken: told when it (or a later one) is committed. */
  private ackWaiters = new Set<RoomMember>();
  /** Changes received from other instances, until their commit is announced (or we store them). */
  private remoteUnconfirmed: { entry: LoggedUpdate; to: Map<number, number>; at: number }[] = [];
  /** The document updates of this turn, each with the member that made it (null: not a member). */
  private broadcastQueue: { update: Uint8Array; author: RoomMember | null }[] = [];
  private fanoutQueue: LoggedUpdate[] = [];
  /** Clients whose presence changed this turn (null when none). */
  private awarenessQueue: Set<number> | null = null;
  /**
   * The member that made every presence change queued this turn (null: several, or not a member).
   * Nobody is sent their own edits or presence back: a Yjs client has them already.
   */
  private awarenessAuthor: RoomMember | null = null;
  /** When presence changes last went out (performance.now()), and the timer holding the next ones in a crowded room. */
  private lastPresenceAt = Number.NEGATIVE_INFINITY;
  private presenceTimer: NodeJS.Timeout | null = null;
  private tickScheduled = false;
  /** A flush is scheduled (on the shared timer of the room's interval). */
  private flushDue = false;
  /** The next attempt after a failed write. */
  private retryTimer: NodeJS.Timeout | null = null;
  private flushChain: Promise<void> = settled;
  private rowsSinceCompaction: number;
  /** SyncStep2 carrying the whole state, for new clients; dropped on every change. */
  private fullSyncFrame: Buffer | null;
  /** The document while it is in use; null while the room rests. */
  private live: Y.Doc | null = null;
  /** The encoded state: always while resting; while live, until the next change (as loaded, or as last sent whole). */
  private encoded: Uint8Array | null;
  private encodedVector: Uint8Array | null = null;
  private encodedDigest: Uint8Array | null = null;
  private lastChangeAt = 0;
  /** The encoded state's size when last known, plus the bytes of every change since (see `wouldExceed`). */
  private sizeEstimate: number;
  private changedBytesSinceMeasure = 0;
  private flushing = 0;
  private deriving = 0;
  private destroyed = false;
  private derivedTimer: NodeJS.Timeout | null = null;
  private derivedRun: Promise<void> = settled;

  constructor(
    readonly sectionId: string,
    /** The document's encoded state (a Yjs update), as loaded. */
    state: Uint8Array,
    private readonly db: Db,
    loggedRows: number,
    private readonly options: RoomOptions = defaultRoomOptions,
  ) {
    this.rowsSinceCompaction = loggedRows;
    ({ frame: this.fullSyncFrame, state: this.encoded } = wholeStateFrame(state));
    this.sizeEstimate = this.encoded.length;
    this.committedClocks = Y.decodeStateVector(this.stateVector());
  }

  /** AwarenessListener: presence changed (our clients', another instance's, or timed out). */
  awarenessChanged(clients: number[], origin: unknown) {
    const author = memberOf(origin);
    this.awarenessAuthor = this.awarenessQueue === null || this.awarenessAuthor === author ? author : null;
    this.awarenessQueue ??= new Set();
    for (const clientId of clients) this.awarenessQueue.add(clientId);
    this.scheduleTick();
    // Our own clients' presence only: not what came from elsewhere, nor remote states timing out here.
    if (this.fanout && !(origin instanceof RemoteOrigin) && origin !== "timeout") this.fanout.awareness(this.awareness.encode(clients));
  }

  /** The section's document, built from the encoded state when the room was resting. */
  get doc(): Y.Doc {
    if (this.live) return this.live;
    const doc = documentFrom(this.encoded!);
    doc.on("afterTransaction", (transaction: Y.Transaction) => this.afterTransaction(transaction));
    this.live = doc;
    this.lastChangeAt = Date.now();
    return doc;
  }

  /** Whether the document is built (not resting). */
  get isLive(): boolean {
    return this.live !== null;
  }

  /** The document's state vector. */
  stateVector(): Uint8Array {
    if (this.live) return Y.encodeStateVector(this.live);
    this.encodedVector ??= Y.encodeStateVectorFromUpdate(this.encoded!);
    return this.encodedVector;
  }

  /** A digest of the document's delete set (for reconciling with other instances). */
  deleteDigest(): Uint8Array {
    if (this.live) return deleteSetDigest(this.live);
    if (!this.encodedDigest) {
      const doc = documentFrom(this.encoded!);
      this.encodedDigest = deleteSetDigest(doc);
      doc.destroy();
    }
    return this.encodedDigest;
  }

  /** What a peer with this state vector lacks (all of it for an empty vector). */
  encodeDiff(stateVector: Uint8Array): Uint8Array {
    if (this.live) return Y.encodeStateAsUpdate(this.live, stateVector);
    return Y.diffUpdate(this.encoded!, stateVector);
  }

  /**
   * Whether a client's update adds nothing to a resting document (a reconnecting client's
   * SyncStep2 repeats what we have), so the document need not be built to apply it.
   */
  addsNothing(update: Uint8Array): boolean {
    if (this.live) return false;
    if (isEmptyUpdate(update)) return true;
    // An update built against our state vector holds only structs we lack: none here means at
    // most deletions, which add nothing when they are exactly ours.
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && sameBytes(digestOf(ds), this.deleteDigest());
  }

  /**
   * Whether an update of `bytes` could take the document past `maxBytes` (it is then refused, not
   * applied). The estimate adds every change's bytes to the last measured size, which overstates
   * growth (a typed character costs ~30 bytes as an update and ~1 in the merged state), so once it
   * says "over", the document is measured; near the limit, at most once per REMEASURE_AFTER_BYTES of
   * changes, so that typing there does not encode a 10 MB document on every keystroke. The limit
   * may therefore refuse up to that much early; it lets nothing past it, as long as no change grows
   * the encoded state by more than its own bytes (a Yjs update carries at least what it adds).
   */
  wouldExceed(bytes: number): boolean {
    const limit = this.options.maxBytes;
    if (this.sizeEstimate + bytes <= limit) return false;
    if (bytes > limit) return true;
    if (this.encoded) this.measured(this.encoded.length);
    else if (this.changedBytesSinceMeasure >= REMEASURE_AFTER_BYTES) this.measured(Y.encodeStateAsUpdate(this.live!).length);
    return this.sizeEstimate + bytes > limit;
  }

  private measured(bytes: number) {
    this.sizeEstimate = bytes;
    this.changedBytesSinceMeasure = 0;
  }

  /**
   * Called by the collaboration server's sweep: times out stale presence, and lets a document that
   * nobody changed for `restAfterMs` rest (nothing waiting to be broadcast, written or derived,
   * and no server-side user holding it).
   */
  sweep(now = Date.now()) {
    this.awareness.removeOutdated(now);
    const live = this.live;
    if (!live || this.destroyed || now - this.lastChangeAt < this.options.restAfterMs) return;
    if (this.holds > 0 || this.flushing > 0 || this.deriving > 0 || this.tickScheduled || this.flushDue || this.retryTimer || this.derivedTimer) return;
    if (this.pending.length || this.remoteUnconfirmed.length || this.broadcastQueue.length) return;
    if (!this.encoded) {
      ({ frame: this.fullSyncFrame, state: this.encoded } = wholeStateFrame(Y.encodeStateAsUpdate(live)));
      this.measured(this.encoded.length);
      this.encodedVector = null;
      this.encodedDigest = this.fanout ? deleteSetDigest(live) : null;
    } else if (this.fanout && !this.encodedDigest) {
      this.encodedDigest = deleteSetDigest(live);
    }
    this.live = null;
    live.destroy();
  }

  /** State vector of everything known to be in the database (see `encodeClocks`). */
  get committedVector(): Uint8Array {
    return encodeClocks(this.committedClocks);
  }

  /** Takes in clocks committed elsewhere (another instance's announcement, or our own batch). */
  mergeCommitted(clocks: Map<number, number>): boolean {
    let changed = false;
    for (const [clientId, clock] of clocks) {
      if ((this.committedClocks.get(clientId) ?? 0) < clock) {
        this.committedClocks.set(clientId, clock);
        changed = true;
      }
    }
    if (changed && this.remoteUnconfirmed.length) {
      this.remoteUnconfirmed = this.remoteUnconfirmed.filter(({ to }) => ![...to].every(([clientId, clock]) => (this.committedClocks.get(clientId) ?? 0) >= clock));
    }
    return changed;
  }

  /** Another instance committed these clocks: tell our clients whose edits they are ("已保存" for edits made over there too). */
  remoteSaved(vector: Uint8Array) {
    const clocks = Y.decodeStateVector(vector);
    if (this.mergeCommitted(clocks)) this.acknowledge(null, clocks);
  }

  /**
   * Sends the committed state to the members concerned: those that sent writes of the batch, and
   * those whose own edits the clocks cover (relayed by someone else, or committed by another
   * instance). Once nothing is waiting to be stored, also to every member still waiting (a write
   * that changed nothing, because the server already had it, is stored as soon as that is).
   */
  private acknowledge(senders: Set<RoomMember> | null, clocks: Map<number, number>) {
    const settledNow = this.pending.length === 0 && this.remoteUnconfirmed.length === 0;
    let saved: Buffer | null = null;
    for (const member of this.members) {
      const concerned =
        senders?.has(member) || (member.ownedClientId !== null && clocks.has(member.ownedClientId)) || (settledNow && this.ackWaiters.has(member));
      if (concerned) member.sendFrame((saved ??= this.savedFrame()));
    }
    if (settledNow) this.ackWaiters.clear();
  }

  /**
   * A member's write changed nothing (the server already had all of it). It may still be waiting
   * to hear that its edit is stored (a deletion it made offline that someone else brought in):
   * tell it now if nothing is waiting to be stored, or with the next commit.
   */
  unchangedWrite(member: RoomMember) {
    if (this.pending.length === 0 && this.flushing === 0 && this.remoteUnconfirmed.length === 0) member.sendFrame(this.savedFrame());
    else this.ackWaiters.add(member);
  }

  /**
   * Changes from other instances that stayed unconfirmed too long (the instance that received them
   * died before committing): stored here, so the database gets everything any instance holds.
   */
  storeUnconfirmedRemote(now = Date.now()) {
    const due = this.remoteUnconfirmed.filter((item) => now - item.at >= REMOTE_COMMIT_GRACE_MS);
    if (due.length === 0) return;
    this.remoteUnconfirmed = this.remoteUnconfirmed.filter((item) => now - item.at < REMOTE_COMMIT_GRACE_MS);
    for (const item of due) this.pending.push({ ...item.entry, to: item.to });
    this.scheduleFlush();
  }

  /**
   * Applies updates to the document in one transaction, whose change is then sent, stored and
   * fanned out (see `afterTransaction`). Returns whether it changed anything.
   *
   * `sent`: the update's `updateStart`, when it may go out and be stored as it came (one
   * client's typed edit; not a SyncStep2, which repeats the client's whole delete set). Yjs would
   * otherwise encode the transaction again for its "update" event: a third of applying a typed
   * edit. It goes as it came only if its structs start exactly where the document's end: a struct
   * the document has already is skipped by Yjs, and sent on as it came it would hand a different
   * content for that id to a client that lacks it.
   */
  apply(updates: Uint8Array | readonly Uint8Array[], origin: unknown, sent?: { from: Map<number, number> }): boolean {
    const doc = this.doc;
    const list = updates instanceof Uint8Array ? [updates] : updates;
    let asSent = sent && list.length === 1 ? list[0]! : null;
    if (sent) for (const [clientId, clock] of sent.from) if (Y.getState(doc.store, clientId) !== clock) asSent = null;
    const applying: Applying = { transaction: null, asSent, read: false, changed: false };
    this.applying = applying;
    try {
      doc.transact((transaction) => {
        applying.transaction = transaction;
        for (const update of list) Y.applyUpdate(doc, update, origin);
        applying.read = true;
      }, origin);
    } finally {
      this.applying = null;
    }
    return applying.changed;
  }

  /** The transaction `apply` runs, with the update it may send as it came. */
  private applying: Applying | null = null;
  /** The transaction whose "update" event (Yjs' encoding of its change) is awaited. */
  private encodingOf: Y.Transaction | null = null;

  /**
   * Every change of the document goes out and is stored from here: as the update `apply` was
   * given when that may be sent as it came, else as Yjs encodes it (exactly what changed) in the
   * "update" event it emits right after this one. The document listens to "update" only for such
   * transactions: Yjs encodes every transaction while anyone listens.
   */
  private afterTransaction(transaction: Y.Transaction) {
    const to = clocksOf(transaction);
    if (to.size === 0 && transaction.deleteSet.clients.size === 0) return;
    const applying = this.applying?.transaction === transaction ? this.applying : null;
    if (applying) applying.changed = true;
    const store = transaction.doc.store;
    // An update that failed to decode part-way, or left parts pending (waiting for structs that
    // never came: a forged update, which the connection then drops), must not go out as it came:
    // then Yjs' encoding of what was integrated.
    if (applying?.asSent && applying.read && store.pendingStructs === null && store.pendingDs === null) return this.changed(applying.asSent, transaction.origin, to);
    if (this.encodingOf === null) this.live?.on("update", (this.takeEncoding ??= (update, origin, doc, next) => this.tookEncoding(update, origin, doc, next)));
    this.encodingOf = transaction;
  }

  /** The "update" listener, made the first time a room needs it. */
  private takeEncoding: ((update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => void) | null = null;

  private tookEncoding(update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) {
    if (transaction !== this.encodingOf) return;
    this.encodingOf = null;
    doc.off("update", this.takeEncoding!);
    this.changed(update, origin, clocksOf(transaction));
  }

  /** Queues a change for broadcast, storage (with `to`, the clocks it carries) and fan-out. */
  private changed(update: Uint8Array, origin: unknown, to: Map<number, number>) {
    const member = memberOf(origin);
    this.sizeEstimate += update.length;
    this.changedBytesSinceMeasure += update.length;
    this.broadcastQueue.push({ update, author: member });
    this.fullSyncFrame = null;
    this.encoded = null;
    this.encodedVector = null;
    this.encodedDigest = null;
    this.lastChangeAt = Date.now();
    this.scheduleTick();
    if (origin instanceof RemoteOrigin) {
      // Stored by the instance that received it; kept until its commit is announced.
      if (![...to].every(([clientId, clock]) => (this.committedClocks.get(clientId) ?? 0) >= clock)) {
        this.remoteUnconfirmed.push({ entry: { update, userId: origin.userId }, to, at: Date.now() });
      }
      return;
    }
    const userId = member ? String(member.userId) : null;
    this.pending.push({ update, userId, to });
    if (member) this.ackWaiters.add(member);
    if (this.fanout) this.fanoutQueue.push({ update, userId });
    this.scheduleFlush();
  }

  /** The end of the current event-loop turn, for every room. */
  private static readonly endOfTurn = new SharedTimer<SectionRoom>(
    (fire) => setImmediate(fire),
    (room) => room.tick(),
  );
  /** A flush timer per interval, for every room with that interval. */
  private static readonly flushTimers = new Map<number, SharedTimer<SectionRoom>>();

  private static flushTimer(intervalMs: number): SharedTimer<SectionRoom> {
    let timer = SectionRoom.flushTimers.get(intervalMs);
    if (!timer) {
      timer = new SharedTimer<SectionRoom>(
        (fire) => setTimeout(fire, intervalMs),
        (room) => {
          if (room.flushDue && !room.destroyed) void room.flush();
        },
      );
      SectionRoom.flushTimers.set(intervalMs, timer);
    }
    return timer;
  }

  private scheduleTick() {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    SectionRoom.endOfTurn.add(this);
  }

  private scheduleFlush() {
    // After a failed write, the retry takes everything (not a write every interval while it fails).
    if (this.flushDue || this.retryTimer) return;
    this.flushDue = true;
    SectionRoom.flushTimer(this.options.flushIntervalMs).add(this);
  }

  /** Sends everything of this event-loop turn: its document updates (merged when many), one awareness update. */
  private tick() {
    this.tickScheduled = false;
    if (this.destroyed) return;
    if (this.fanoutQueue.length) {
      const entries = this.fanoutQueue;
      this.fanoutQueue = [];
      this.fanout?.updates(entries);
    }
    const queued = this.broadcastQueue;
    if (queued.length) {
      this.broadcastQueue = [];
      if (queued.length > 1 && this.members.size >= CROWDED_ROOM) {
        const author = queued.every((entry) => entry.author === queued[0]!.author) ? queued[0]!.author : null;
        const merged = Y.mergeUpdates(queued.map((entry) => entry.update));
        this.broadcast(merged, author, syncPrefix(syncProtocol.messageYjsUpdate, merged));
      } else {
        this.broadcastEach(queued);
      }
    }
    if (this.awarenessQueue && !this.presenceTimer) {
      const now = performance.now();
      const wait = this.members.size >= CROWDED_ROOM ? this.lastPresenceAt + CROWDED_PRESENCE_INTERVAL_MS - now : 0;
      if (wait > 0) {
        this.presenceTimer = setTimeout(() => {
          this.presenceTimer = null;
          this.scheduleTick();
        }, wait);
        return;
      }
      this.lastPresenceAt = now;
      const clients = [...this.awarenessQueue];
      this.awarenessQueue = null;
      const update = this.awareness.encode(clients);
      this.broadcast(update, this.awarenessAuthor, [MESSAGE_AWARENESS, ...varUintBytes(update.length)]);
      this.awarenessAuthor = null;
    }
  }

  /**
   * A turn's updates (one, or several in a room that is not crowded): each as its own message, and
   * all of a member's in one write (the others' updates; everyone but their authors gets the same bytes). Merging them
   * into one update decodes and re-encodes every struct; with 10,000 connections that was a seventh
   * of what the server allocated once it fell behind and its turns grew. In a crowded room they are
   * merged (see `tick`): hundreds of clients then apply one update instead of many.
   */
  private broadcastEach(queued: readonly { update: Uint8Array; author: RoomMember | null }[]) {
    const frames = queued.map(({ update }) => binaryFrame(update, { prefix: syncPrefix(syncProtocol.messageYjsUpdate, update) }));
    let all: Buffer | null = null;
    for (const member of this.members) {
      if (!queued.some((entry) => entry.author === member)) {
        member.sendFrame((all ??= frames.length === 1 ? frames[0]! : Buffer.concat(frames)));
        continue;
      }
      const others = frames.filter((_frame, index) => queued[index]!.author !== member);
      if (others.length) member.sendFrame(others.length === 1 ? others[0]! : Buffer.concat(others));
    }
  }

  /** Sends a message (`prefix` then `payload`, see binaryFrame) to every member but `except`. */
  private broadcast(payload: Uint8Array, except: RoomMember | null, prefix?: readonly number[]) {
    let frame: Buffer | null = null;
    for (const member of this.members) if (member !== except) member.sendFrame((frame ??= binaryFrame(payload, { prefix })));
  }

  syncStep1Message(): Uint8Array {
    return message(MESSAGE_SYNC, (encoder) => {
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(encoder, this.stateVector());
    });
  }

  /** What a client with this state vector is missing; the whole-state frame is made once for all new clients. */
  syncStep2Frame(stateVector: Uint8Array): Buffer {
    const isEmpty = stateVector.length === 1 && stateVector[0] === 0;
    if (!isEmpty) return wholeStateFrame(this.encodeDiff(stateVector), false).frame;
    // The state encoded for it is the current one until the next change: resting then needs no
    // encoding of its own (a 1 MB section took ~10 ms for it).
    if (!this.fullSyncFrame) {
      ({ frame: this.fullSyncFrame, state: this.encoded } = wholeStateFrame(Y.encodeStateAsUpdate(this.live!)));
      this.measured(this.encoded.length);
    }
    return this.fullSyncFrame;
  }

  awarenessMessage(clients = this.awareness.presentClients()): Uint8Array | null {
    if (clients.length === 0) return null;
    const update = this.awareness.encode(clients);
    return message(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update));
  }

  /** MESSAGE_SAVED with the committed state vector, framed. */
  savedFrame(): Buffer {
    const vector = this.committedVector;
    return binaryFrame(vector, { prefix: [MESSAGE_SAVED, ...varUintBytes(vector.length)] });
  }

  /** Writes pending updates now (flushes run one after another). */
  flush(): Promise<void> {
    this.flushing += 1;
    this.flushChain = this.flushChain.then(() => this.flushOnce()).finally(() => {
      this.flushing -= 1;
    });
    return this.flushChain;
  }

  private async flushOnce() {
    this.flushDue = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const senders = this.ackWaiters;
    this.ackWaiters = new Set();
    // What the batch commits, per client (insertions; deletions are in the rows too): its own
    // clocks (with other instances, their updates are in the document too, and not ours to claim).
    const committed = new Map<number, number>();
    for (const entry of batch) {
      for (const [clientId, clock] of entry.to) if (clock > (committed.get(clientId) ?? 0)) committed.set(clientId, clock);
    }
    // A row per update, as it came: merging each user's updates of a batch into one row decoded and
    // re-encoded all of them, at every batch (a batch holds several per user only once the server
    // falls behind, when that cost most). Compaction merges the log once, every `compactAfterRows`.
    try {
      await (this.options.writer ? this.options.writer.write(this.sectionId, batch) : appendSectionUpdates(this.db, this.sectionId, batch));
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        // The section was deleted meanwhile: its updates have nowhere to go.
        for (const member of this.members) member.close(CLOSE_SECTION_DELETED, "section deleted");
        return;
      }
      console.error(`[collab] saving section ${this.sectionId} failed; retrying:`, (error as Error).message);
      this.pending = batch.concat(this.pending);
      for (const sender of senders) this.ackWaiters.add(sender);
      if (!this.destroyed)
        this.retryTimer ??= setTimeout(() => {
          this.retryTimer = null;
          void this.flush();
        }, 1000);
      return;
    }
    this.mergeCommitted(committed);
    this.acknowledge(senders, committed);
    this.fanout?.saved(encodeClocks(committed));
    this.scheduleDerived();
    this.rowsSinceCompaction += batch.length;
    if (this.rowsSinceCompaction >= this.options.compactAfterRows) await this.compact();
  }

  private scheduleDerived() {
    if (!this.options.onStored || this.derivedTimer || this.destroyed) return;
    this.derivedTimer = setTimeout(() => {
      this.derivedTimer = null;
      this.deriving += 1;
      this.derivedRun = this.derivedRun
        .then(() => this.options.onStored!(this))
        .catch((error: unknown) => console.error(`[collab] deriving data of section ${this.sectionId} failed:`, (error as Error).message))
        .finally(() => {
          this.deriving -= 1;
        });
    }, this.options.derivedDelayMs ?? defaultRoomOptions.derivedDelayMs);
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

  /** Updates received and not yet in the database (waiting for their batch, or for a retry after a failed write). */
  get unstored(): number {
    return this.pending.length;
  }

  /**
   * Writes everything, brings derived data up to date, compacts (unless `compact` is false: the
   * log is as durable, and a server stopping has seconds, not a compaction of every open section),
   * and frees the document.
   */
  async close({ compact = true }: { compact?: boolean } = {}): Promise<void> {
    // Whatever other instances sent and may not have stored yet goes to the database with us.
    this.storeUnconfirmedRemote(Number.POSITIVE_INFINITY);
    await this.flush();
    if (this.pending.length > 0) {
      // Never acknowledged, so the browsers that made them still hold them and send them again when they reconnect.
      console.error(`[collab] section ${this.sectionId}: ${this.pending.length} update(s) could not be stored before the room closed`);
    }
    await this.settleDerived();
    if (compact && this.rowsSinceCompaction > 0 && this.pending.length === 0) await this.compact();
    this.destroyed = true;
    SectionRoom.flushTimer(this.options.flushIntervalMs).delete(this);
    SectionRoom.endOfTurn.delete(this);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.live?.destroy();
    this.live = null;
  }
}
