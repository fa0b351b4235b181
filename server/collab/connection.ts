import type { Socket } from "node:net";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import {
  ACCESS_EDITABLE,
  ACCESS_READ_ONLY,
  CLOSE_PROTOCOL_ABUSE,
  CLOSE_RATE_LIMITED,
  CLOSE_SECTION_TOO_LARGE,
  MESSAGE_ACCESS,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from "@/lib/collab/protocol";
import type { SessionUser } from "@/server/auth/session";
import { colorForUser, type PresenceUser, sanitizeAwarenessUpdate } from "./awareness";
import { binaryFrame } from "./frame";
import { type RoomMember, type SectionRoom, updateStart } from "./room";

/** A socket that does not read what we send is closed once this much waits for it. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export type Access = { readonly canEdit: boolean; readonly reason: string };

/** How many messages one socket may send: `burst` at once, then `perSecond`. */
export type MessageRate = { readonly perSecond: number; readonly burst: number };

/**
 * Far above what a person produces (a fast typist's browser sends ~20 updates and caret moves a
 * second, a paste one update), far below a flood: past it the socket is closed with 4429 and the
 * browser reconnects after its back-off, resyncing whatever it had not sent.
 */
export const DEFAULT_MESSAGE_RATE: MessageRate = { perSecond: 200, burst: 1000 };

/** What a connection needs from the collaboration server (one object for all connections). */
export interface ConnectionHost {
  readonly messageRate: MessageRate;
  isClientIdTaken(room: SectionRoom, clientId: number, by: CollabConnection): boolean;
  connectionClosed(connection: CollabConnection): void;
}

/** Presence per user object (users are shared by their connections; see CollabServer). */
const presenceOf = new WeakMap<SessionUser, PresenceUser>();

const kConnection = Symbol("collab connection");
type ConnectedSocket = WebSocket & { [kConnection]: CollabConnection };

// Socket listeners shared by all connections (`this` is the socket): no closures per connection.
function onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean) {
  const connection = (this as ConnectedSocket)[kConnection];
  if (!connection.admit()) return;
  if (!isBinary) return connection.protocolError("a text frame");
  connection.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
function onSocketClose(this: WebSocket) {
  (this as ConnectedSocket)[kConnection].closedBySocket();
}
/**
 * ws reports a frame it refused (over maxPayload: 1009; not a valid frame: 1002/1007) after it has
 * stopped reading the socket and sent the close frame with that code. Ending our side once that is
 * written lets the client see the code (destroying the socket could drop the frame); ws destroys
 * the socket if the client never answers the close.
 */
function onSocketError(this: WebSocket, error: Error) {
  (this as ConnectedSocket)[kConnection].refusedByWs(error);
  const socket = (this as unknown as { _socket: Socket | null })._socket;
  if (socket && !socket.destroyed) socket.end();
}

/**
 * One socket in one room. Read-only sockets have every Update and SyncStep2 dropped (not applied,
 * not broadcast, not stored); awareness is limited to the socket's own client id and stamped with
 * the session's identity. Kept small: a server holds thousands of these.
 */
export class CollabConnection implements RoomMember {
  /** The one awareness client id this socket may speak for (its first). */
  ownedClientId: number | null = null;
  /** Messages dropped because the socket is read-only (for tests and logs). */
  droppedWrites = 0;
  private closed = false;
  /** The rate limit's bucket: messages this socket may still send now, as of `allowanceAt` (performance.now()). */
  private allowance: number;
  private allowanceAt = performance.now();

  constructor(
    private readonly ws: WebSocket,
    readonly room: SectionRoom,
    public user: SessionUser,
    private access: Access,
    private readonly host: ConnectionHost,
  ) {
    this.allowance = host.messageRate.burst;
  }

  get userId(): string {
    return this.user.id;
  }

  get canEdit(): boolean {
    return this.access.canEdit;
  }

  presence(): PresenceUser {
    let presence = presenceOf.get(this.user);
    if (!presence) {
      presence = { id: this.user.id, name: this.user.displayName, department: this.user.departmentName, color: colorForUser(this.user.id) };
      presenceOf.set(this.user, presence);
    }
    return presence;
  }

  /** Joins the room and starts the sync: access mode, server's SyncStep1, current presence, saved state. */
  start() {
    this.room.members.add(this);
    (this.ws as ConnectedSocket)[kConnection] = this;
    this.ws.on("message", onSocketMessage);
    this.ws.on("close", onSocketClose);
    this.ws.on("error", onSocketError);
    // The four opening messages in one write (a small-section join spent ~15 % of its CPU in
    // these writes when each went alone).
    const presence = this.room.awarenessMessage();
    const opening = [this.accessMessage(), this.room.syncStep1Message(), ...(presence ? [presence] : [])];
    this.sendFrame(Buffer.concat([...opening.map((message) => binaryFrame(message)), this.room.savedFrame()]));
  }

  /** The socket closed (either side): leave the room, take our presence with us. */
  closedBySocket() {
    this.closed = true;
    this.room.members.delete(this);
    if (this.ownedClientId !== null) this.room.awareness.remove([this.ownedClientId], null);
    this.host.connectionClosed(this);
  }

  private accessMessage(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_ACCESS);
    encoding.writeVarUint(encoder, this.access.canEdit ? ACCESS_EDITABLE : ACCESS_READ_ONLY);
    encoding.writeVarString(encoder, this.access.reason);
    return encoding.toUint8Array(encoder);
  }

  /** Changes read/edit mode while connected and tells the client. */
  setAccess(access: Access) {
    if (access.canEdit === this.access.canEdit) return;
    this.access = access;
    this.send(this.accessMessage());
  }

  send(message: Uint8Array) {
    this.sendFrame(binaryFrame(message));
  }

  /**
   * Writes a frame made by `binaryFrame` (./frame.ts) straight to the socket under ws: one write, where
   * `ws.send` builds a header per socket and writes header and payload corked (a broadcast to four
   * members was four headers, four option objects and four corked writes; with 10,000 connections
   * that was ~8 % of what the server allocated). Safe because ws writes its own frames (close,
   * pong) whole and in order on the same socket, and queues nothing without compression (off).
   */
  sendFrame(frame: Buffer) {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const socket = (this.ws as unknown as { _socket: Socket })._socket;
    if (socket.writableLength > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    socket.write(frame);
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
  }

  /** Drops the socket without waiting for the close handshake. */
  terminate() {
    this.ws.terminate();
  }

  /**
   * A message no honest client sends (not binary, an unknown or server-only type, truncated, not
   * decodable): the socket is closed (4400) and nothing after it is read. The browser's client
   * never sends one, so only a bug or an attacker loses its connection.
   */
  protocolError(what: string) {
    this.closeFor(CLOSE_PROTOCOL_ABUSE, "malformed message", what);
  }

  /**
   * Whether to handle the next message: not once the socket is closing (whatever the client sent
   * after that reaches the server again when it reconnects and syncs), nor past the rate limit,
   * which closes the socket (4429).
   */
  admit(): boolean {
    if (this.closed) return false;
    const { perSecond, burst } = this.host.messageRate;
    const now = performance.now();
    this.allowance = Math.min(burst, this.allowance + ((now - this.allowanceAt) * perSecond) / 1000);
    this.allowanceAt = now;
    if (this.allowance < 1) {
      this.closeFor(CLOSE_RATE_LIMITED, "too many messages", `over ${perSecond} messages a second`);
      return false;
    }
    this.allowance -= 1;
    return true;
  }

  /** Closes the socket for something its client did, with one line in the log. */
  private closeFor(code: number, reason: string, detail: string) {
    if (this.closed) return;
    this.logClose(String(code), detail);
    this.close(code, reason);
  }

  /** ws refused a frame (too big, not a valid frame) and is closing the socket itself. */
  refusedByWs(error: Error & { code?: string }) {
    if (this.closed) return;
    this.closed = true;
    this.logClose(error.code ?? "ws", error.message);
  }

  private logClose(code: string, detail: string) {
    console.warn(`[collab] closed a socket of user ${this.user.id} on section ${this.room.sectionId} (${code}): ${detail}`);
  }

  handle(data: Uint8Array) {
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          return this.handleSync(decoder);
        case MESSAGE_AWARENESS: {
          const update = decoding.readVarUint8Array(decoder);
          const sanitized = sanitizeAwarenessUpdate(update, this, (clientId) => this.host.isClientIdTaken(this.room, clientId, this), this.presence());
          if (sanitized.length) this.room.awareness.applyEntries(sanitized, this);
          return;
        }
        case MESSAGE_QUERY_AWARENESS: {
          const presence = this.room.awarenessMessage();
          if (presence) this.send(presence);
          return;
        }
        default:
          return this.protocolError(`message type ${type}`);
      }
    } catch (error) {
      this.protocolError(`a message that does not decode (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private handleSync(decoder: decoding.Decoder) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.sendFrame(this.room.syncStep2Frame(decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return this.protocolError(`sync message type ${syncType}`);
    const update = decoding.readVarUint8Array(decoder);
    if (!this.access.canEdit) {
      this.droppedWrites += 1;
      return;
    }
    // Throws on struct counts the bytes cannot hold: those never reach Y.applyUpdate (see updateStart).
    const start = updateStart(update);
    // A resting room stays so for a client that only repeats what the server has.
    if (this.room.addsNothing(update)) return this.room.unchangedWrite(this);
    // Not applied, so nobody else gets it; the browser says why and offers to drop the edit.
    if (this.room.wouldExceed(update.length)) return this.closeFor(CLOSE_SECTION_TOO_LARGE, "section too large", `an update of ${update.length} bytes would take the section past its size limit`);
    // A typed edit (Update) may go out and be stored as sent; a SyncStep2 repeats what we have.
    if (!this.room.apply(update, this, syncType === syncProtocol.messageYjsUpdate ? start : undefined)) this.room.unchangedWrite(this);
    // Structs or deletions waiting for dependencies the document lacks: forged, or an honest
    // client's edit typed right after reconnecting, sent before the SyncStep2 that carries the
    // offline edits it builds on (that SyncStep2 answers the server's SyncStep1 of this
    // connection, so it brings this edit again, whole). Yjs would keep them "pending" in the room
    // (and hand them to every client joining, and fail to merge some of them); only the integrated
    // part was emitted, broadcast and stored, so dropping the rest loses nothing, and the socket
    // stays open.
    const store = this.room.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      store.pendingStructs = null;
      store.pendingDs = null;
    }
  }
}
