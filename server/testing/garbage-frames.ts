import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MESSAGE_ACCESS, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from "@/lib/collab/protocol";
import type { Random } from "./random";
import { applyRandomEdit } from "./random-edits";

/** One frame for a raw socket: binary, or a text frame (which the protocol never uses). */
export type GarbageFrame = Uint8Array | string;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * A huge varuint as lib0 writes it, also beyond what lib0 accepts (up to 2^70). Counts just below
 * 2^25 are the expensive ones: V8 really allocates `new Array(count)` up to that size.
 */
function hugeVarUint(random: Random): Uint8Array {
  const value = random.pick([5_000_000, 2 ** 25 - 1, 2 ** 31, 2 ** 32 + 7, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 64, 2 ** 70]);
  const bytes: number[] = [];
  let rest = BigInt(value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Uint8Array.from(bytes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Well-formed messages of every kind a client may send, built against a copy of the real
 * document so that updates are real edits (the raw material that the garbage below mangles).
 */
export class ValidMessages {
  private readonly scratch = new Y.Doc();
  private readonly awareness = new awarenessProtocol.Awareness(this.scratch);

  constructor(private readonly random: Random) {}

  /** Brings the scratch copy up to date with a document the honest clients edit. */
  follow(doc: Y.Doc) {
    Y.applyUpdate(this.scratch, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(this.scratch)));
  }

  update(): Uint8Array {
    const before = Y.encodeStateVector(this.scratch);
    applyRandomEdit(this.scratch, this.random);
    return Y.encodeStateAsUpdate(this.scratch, before);
  }

  any(): Uint8Array {
    switch (this.random.int(0, 4)) {
      case 0:
        return frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeSyncStep1(encoder, this.scratch);
        });
      case 1:
        return frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.writeUpdate(encoder, this.update());
        });
      case 2:
        return frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, this.update());
        });
      case 3:
        this.awareness.setLocalState({ cursor: { anchor: this.random.int(0, 99) }, user: { name: "伪造" } });
        return frame((encoder) => {
          encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
        });
      default:
        return frame((encoder) => encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS));
    }
  }

  destroy() {
    this.awareness.destroy();
    this.scratch.destroy();
  }
}

/** What a frame would change if the server applied it. */
export type FrameEffects = {
  /** Client ids it writes structs under (integrated or kept pending). */
  writers: Set<number>;
  /** Per client id, the clock up to which (exclusive) it deletes structs or positions new ones. */
  touchesUpTo: Map<number, number>;
};

/** The effects of a frame, found the way the server handles it: sync Update or SyncStep2, Y.parseUpdateMeta, Y.applyUpdate. */
export function effectsOf(frame: GarbageFrame): FrameEffects {
  const effects: FrameEffects = { writers: new Set(), touchesUpTo: new Map() };
  const touch = (clientId: number, end: number) => effects.touchesUpTo.set(clientId, Math.max(end, effects.touchesUpTo.get(clientId) ?? 0));
  if (typeof frame === "string") return effects;
  let update: Uint8Array;
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return effects;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return effects;
    update = decoding.readVarUint8Array(decoder);
    // The server refuses what the lazy reader cannot read (see connection.ts) before applying.
    Y.parseUpdateMeta(update);
  } catch {
    return effects;
  }
  // On an empty document every struct is integrated or kept pending, and every delete of a struct
  // it does not hold is kept pending (both pending parts are V2 updates). A struct's origins and
  // parent say where it goes: a struct placed next to another client's future struct waits for it.
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, update);
  } catch {
    // Structs read before the error stay applied, exactly as on the server.
  }
  for (const clientId of Y.decodeStateVector(Y.encodeStateVector(probe)).keys()) effects.writers.add(clientId);
  const { pendingStructs, pendingDs } = probe.store;
  const structs = [
    ...probe.store.clients.values(),
    ...(pendingStructs ? [Y.decodeUpdateV2(pendingStructs.update).structs] : []),
  ].flat();
  for (const struct of structs) {
    effects.writers.add(struct.id.client);
    if (!(struct instanceof Y.Item)) continue;
    for (const id of [struct.origin, struct.rightOrigin, struct.parent]) if (id instanceof Y.ID) touch(id.client, id.clock + 1);
  }
  if (pendingDs) {
    for (const [clientId, ranges] of Y.decodeUpdateV2(pendingDs).ds.clients) for (const range of ranges) touch(clientId, range.clock + range.len);
  }
  probe.destroy();
  return effects;
}

/**
 * Like garbageFrame, but never a frame that writes under a protected client id, or deletes or
 * positions structs beyond what that client has already written (`protectedClocks`: client id →
 * its current clock). Yjs trusts the ids inside an update: any editor can write under another
 * client's id, which then diverges for good (it ignores ids it already has), or delete or split a
 * client's future edits in advance (pending deletes and structs apply when those edits arrive).
 * The server cannot tell a forged id from an honest relay of someone else's offline edits.
 * Mangled updates do all this by chance (a misaligned parse reads an origin id as a client id),
 * so the honest clients are spared here: this test is about malformed input, not forgery.
 */
export function garbageFrameSparing(random: Random, valid: ValidMessages, protectedClocks: Map<number, number>): GarbageFrame {
  for (;;) {
    const candidate = garbageFrame(random, valid);
    const { writers, touchesUpTo } = effectsOf(candidate);
    const forges = [...writers].some((clientId) => protectedClocks.has(clientId));
    const touchesAhead = [...touchesUpTo].some(([clientId, end]) => end > (protectedClocks.get(clientId) ?? Infinity));
    if (!forges && !touchesAhead) return candidate;
  }
}

/**
 * One seeded malformed frame: random bytes, truncated or bit-flipped valid messages, valid
 * headers with garbage payloads, huge declared lengths and counts, unknown or server-only message
 * types, bad awareness JSON, text frames and the occasional large frame.
 */
export function garbageFrame(random: Random, valid: ValidMessages): GarbageFrame {
  const kind = random.int(0, 11);
  switch (kind) {
    case 0:
      return random.bytes(random.int(0, 80));
    case 1: {
      const message = valid.any();
      return message.slice(0, random.int(0, message.length - 1));
    }
    case 2: {
      const message = valid.any();
      for (let flips = random.int(1, 3); flips > 0; flips--) message[random.int(0, message.length - 1)]! ^= 1 << random.int(0, 7);
      return message;
    }
    case 3:
      return frame((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, random.int(0, 3));
        encoding.writeVarUint8Array(encoder, random.bytes(random.int(0, 60)));
      });
    case 4:
      // A header, then a declared length (of the payload, or of a count inside it) far beyond the frame.
      return concat(
        Uint8Array.of(random.pick([MESSAGE_SYNC, MESSAGE_AWARENESS])),
        random.chance(0.5) ? Uint8Array.of(random.int(0, 2)) : new Uint8Array(),
        hugeVarUint(random),
        random.bytes(random.int(0, 12)),
      );
    case 5: {
      // A well-formed envelope whose Yjs update declares huge client or struct counts, or lengths.
      const inner = random.chance(0.5)
        ? concat(Uint8Array.of(random.int(1, 3)), hugeVarUint(random), random.bytes(random.int(0, 20)))
        : concat(hugeVarUint(random), random.bytes(random.int(0, 3)), hugeVarUint(random), random.bytes(random.int(0, 20)));
      return frame((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, random.pick([syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]));
        encoding.writeVarUint8Array(encoder, inner);
      });
    }
    case 6:
      return frame((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        const update = frame((inner) => {
          encoding.writeVarUint(inner, random.int(0, 3));
          encoding.writeVarUint(inner, random.int(0, 2 ** 31));
          encoding.writeVarUint(inner, random.int(0, 2 ** 31));
          encoding.writeVarString(inner, random.pick(["{", "[1,2]", "42", '"x"', "null", '{"user":', "\u0000", JSON.stringify({ a: "b".repeat(200) })]));
        });
        encoding.writeVarUint8Array(encoder, update);
      });
    case 7:
      return frame((encoder) => {
        encoding.writeVarUint(encoder, random.pick([MESSAGE_AUTH, MESSAGE_SAVED, MESSAGE_ACCESS, 4, 99, 2 ** 20, 2 ** 40]));
        encoding.writeVarUint8Array(encoder, random.bytes(random.int(0, 20)));
      });
    case 8:
      return random.pick(["", "hello", "\u0000\u0001", "{\"type\":\"sync\"}", "规划".repeat(random.int(1, 50))]);
    case 9:
      return random.chance(0.02) ? random.bytes(random.int(256 * 1024, 1024 * 1024)) : Uint8Array.of(MESSAGE_SYNC);
    case 10:
      // A valid message with trailing junk after it.
      return concat(valid.any(), random.bytes(random.int(1, 30)));
    default: {
      // A real update whose payload bytes are mangled (headers stay valid, so Yjs itself decodes it).
      const update = valid.update();
      for (let flips = random.int(1, 4); flips > 0; flips--) update[random.int(0, update.length - 1)] = random.int(0, 255);
      return frame((encoder) => {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsUpdate);
        encoding.writeVarUint8Array(encoder, update);
      });
    }
  }
}
