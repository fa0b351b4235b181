import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import type { Bus } from "@/server/bus";
import { RemoteOrigin, type SectionRoom, updateStart } from "./room";

/**
 * A loaded section shared by several instances through the bus (Redis pub/sub), one channel per
 * section. Updates go out once per event-loop turn (all of the turn in one message, like the
 * broadcast to local sockets), awareness as it happens; each instance stores what its own clients
 * sent and announces what it committed (so "已保存" holds across instances). Pub/sub may drop
 * messages, so instances reconcile: each periodically (and after Redis comes back) publishes its
 * state vector, a hash of its delete set and its committed clocks; an instance that has more
 * answers with the difference (Yjs updates are idempotent and carry the whole delete set), and asks
 * back once when it lacks something itself.
 */
const UPDATE = 1;
const AWARENESS = 2;
const SAVED = 3;
const SYNC = 4;
const SYNC_REPLY = 5;

function message(kind: number, write: (encoder: encoding.Encoder) => void): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  write(encoder);
  return Buffer.from(encoding.toUint8Array(encoder));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Whether `ours` has insertions that `theirs` lacks. */
function hasMore(ours: Map<number, number>, theirs: Map<number, number>): boolean {
  for (const [clientId, clock] of ours) if ((theirs.get(clientId) ?? 0) < clock) return true;
  return false;
}

export class RoomFanoutLink {
  private readonly channel: string;
  private readonly unsubscribe: () => void;
  private failures = 0;

  constructor(
    private readonly room: SectionRoom,
    private readonly bus: Bus,
  ) {
    this.channel = `doc:${room.sectionId}`;
    room.fanout = {
      updates: (entries) =>
        this.publish(UPDATE, (encoder) => {
          encoding.writeVarUint(encoder, entries.length);
          for (const entry of entries) {
            encoding.writeVarString(encoder, entry.userId ?? "");
            encoding.writeVarUint8Array(encoder, entry.update);
          }
        }),
      awareness: (update) => this.publish(AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update)),
      saved: (vector) => this.publish(SAVED, (encoder) => encoding.writeVarUint8Array(encoder, vector)),
    };
    this.unsubscribe = bus.subscribe(this.channel, (payload, from) => {
      if (from === bus.instanceId) return;
      try {
        this.handle(payload);
      } catch (error) {
        // Only instances publish here; a failure means a bug or a corrupted message, never a client's doing.
        if (this.failures++ < 5) console.error(`[collab] fan-out message for section ${room.sectionId} failed:`, (error as Error).message);
      }
    });
    // A freshly loaded document may miss what other instances hold and have not stored yet.
    this.reconcile();
  }

  private publish(kind: number, write: (encoder: encoding.Encoder) => void) {
    this.bus.publish(this.channel, message(kind, write));
  }

  /** Publishes our state, asking instances that hold more to send the difference. */
  reconcile(isReply = false) {
    this.room.storeUnconfirmedRemote();
    this.publish(SYNC, (encoder) => {
      encoding.writeVarUint8Array(encoder, this.room.stateVector());
      encoding.writeVarUint8Array(encoder, this.room.deleteDigest());
      encoding.writeVarUint8Array(encoder, this.room.committedVector);
      encoding.writeVarUint(encoder, isReply ? 1 : 0);
    });
  }

  private handle(payload: Buffer) {
    const decoder = decoding.createDecoder(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    const kind = decoding.readVarUint(decoder);
    const room = this.room;
    switch (kind) {
      case UPDATE: {
        // One event-loop turn of another instance: applied per author, each as one transaction.
        const byUser = new Map<string, Uint8Array[]>();
        for (let count = decoding.readVarUint(decoder); count > 0; count--) {
          const userId = decoding.readVarString(decoder);
          byUser.set(userId, [...(byUser.get(userId) ?? []), decoding.readVarUint8Array(decoder)]);
        }
        for (const [userId, updates] of byUser) room.apply(updates, new RemoteOrigin(userId || null), updates.length === 1 ? updateStart(updates[0]!) : undefined);
        return;
      }
      case AWARENESS:
        room.awareness.apply(decoding.readVarUint8Array(decoder), new RemoteOrigin(null));
        return;
      case SAVED:
        this.room.remoteSaved(decoding.readVarUint8Array(decoder));
        return;
      case SYNC: {
        const theirVector = decoding.readVarUint8Array(decoder);
        const theirDigest = decoding.readVarUint8Array(decoder);
        this.room.remoteSaved(decoding.readVarUint8Array(decoder));
        const isReply = decoding.readVarUint(decoder) === 1;
        const theirs = Y.decodeStateVector(theirVector);
        const ours = Y.decodeStateVector(room.stateVector());
        const sameDeletions = sameBytes(theirDigest, room.deleteDigest());
        if (hasMore(ours, theirs) || !sameDeletions) {
          this.publish(SYNC_REPLY, (encoder) => {
            encoding.writeVarUint8Array(encoder, this.room.committedVector);
            encoding.writeVarUint8Array(encoder, room.encodeDiff(theirVector));
          });
        }
        if (!isReply && (hasMore(theirs, ours) || !sameDeletions)) this.reconcile(true);
        return;
      }
      case SYNC_REPLY: {
        this.room.remoteSaved(decoding.readVarUint8Array(decoder));
        const update = decoding.readVarUint8Array(decoder);
        if (!room.addsNothing(update)) room.apply(update, new RemoteOrigin(null));
        return;
      }
      default:
        throw new Error(`unknown fan-out message kind ${kind}`);
    }
  }

  close() {
    this.room.fanout = null;
    this.unsubscribe();
  }
}
