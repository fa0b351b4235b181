import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  ACCESS_EDITABLE,
  ACCESS_READ_ONLY,
  CLOSE_PROTOCOL_ABUSE,
  MESSAGE_ACCESS,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from "@/lib/collab/protocol";
import type { SessionUser } from "@/server/auth/session";
import { colorForUser, type PresenceUser, sanitizeAwarenessUpdate } from "./awareness";
import type { RoomMember, SectionRoom } from "./room";

/** Malformed messages tolerated from one socket before it is closed. */
const MAX_PROTOCOL_ERRORS = 100;
/** A socket that does not read what we send is closed once this much waits for it. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export type Access = { canEdit: boolean; reason: string };

/**
 * One socket in one room. Read-only sockets have every Update and SyncStep2 dropped (not applied,
 * not broadcast, not stored); awareness is limited to the socket's own client id and stamped with
 * the session's identity.
 */
export class CollabConnection implements RoomMember {
  readonly ownedClientIds = new Set<number>();
  private protocolErrors = 0;
  /** Messages dropped because the socket is read-only (for tests and logs). */
  droppedWrites = 0;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly room: SectionRoom,
    public user: SessionUser,
    private access: Access,
    private readonly isClientIdTaken: (clientId: number, by: CollabConnection) => boolean,
  ) {}

  get userId(): string {
    return this.user.id;
  }

  get canEdit(): boolean {
    return this.access.canEdit;
  }

  presence(): PresenceUser {
    return { id: this.user.id, name: this.user.displayName, department: this.user.departmentName, color: colorForUser(this.user.id) };
  }

  /** Joins the room and starts the sync: access mode, server's SyncStep1, current presence, saved state. */
  start(onClose: (connection: CollabConnection) => void) {
    this.room.members.add(this);
    this.ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.protocolError();
      this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    this.ws.on("close", () => {
      this.closed = true;
      this.room.members.delete(this);
      if (this.ownedClientIds.size) awarenessProtocol.removeAwarenessStates(this.room.awareness, [...this.ownedClientIds], null);
      onClose(this);
    });
    this.ws.on("error", () => this.ws.terminate());
    this.send(this.accessMessage());
    this.send(this.room.syncStep1Message());
    const presence = this.room.awarenessMessage();
    if (presence) this.send(presence);
    this.send(this.room.savedMessage());
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
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(message, { binary: true });
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

  private protocolError() {
    this.protocolErrors += 1;
    if (this.protocolErrors > MAX_PROTOCOL_ERRORS) this.close(CLOSE_PROTOCOL_ABUSE, "too many malformed messages");
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
          const sanitized = sanitizeAwarenessUpdate(
            update,
            this.ownedClientIds,
            (clientId) => this.isClientIdTaken(clientId, this),
            this.presence(),
          );
          if (sanitized) awarenessProtocol.applyAwarenessUpdate(this.room.awareness, sanitized, this);
          return;
        }
        case MESSAGE_QUERY_AWARENESS: {
          const presence = this.room.awarenessMessage();
          if (presence) this.send(presence);
          return;
        }
        default:
          return this.protocolError();
      }
    } catch {
      this.protocolError();
    }
  }

  private handleSync(decoder: decoding.Decoder) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(this.room.syncStep2Message(decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return this.protocolError();
    const update = decoding.readVarUint8Array(decoder);
    if (!this.access.canEdit) {
      this.droppedWrites += 1;
      return;
    }
    // Y.applyUpdate runs `new Array(declaredStructCount)` before reading a single struct, so a
    // 9-byte update can cost ~200 ms and 256 MB. The lazy reader walks the structs one by one
    // and throws on counts the bytes cannot hold, so those never reach applyUpdate.
    Y.parseUpdateMeta(update);
    Y.applyUpdate(this.room.doc, update, this);
    // An honest client only builds on what it has, and the server has all of that: structs or
    // deletions waiting for dependencies that never came are forged. Yjs would keep them "pending"
    // in the room (and hand them to every client joining, and fail to merge some of them); only the
    // integrated part was emitted, broadcast and stored, so dropping the rest loses nothing.
    const store = this.room.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      store.pendingStructs = null;
      store.pendingDs = null;
      this.protocolError();
    }
  }
}
