import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";

/** Presence fields the server sets from the session; a client cannot choose them. */
export type PresenceUser = { id: string; name: string; department: string; color: string };

export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

/** Parses a y-protocols awareness update; throws on malformed input. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > 1000) throw new Error("awareness update too large");
  const entries: AwarenessEntry[] = [];
  for (let index = 0; index < count; index++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
    if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) throw new Error("awareness state must be an object or null");
    entries.push({ clientId, clock, state: parsed as Record<string, unknown> | null });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) writeEntry(encoder, entry.clientId, entry.clock, entry.state);
  return encoding.toUint8Array(encoder);
}

function writeEntry(encoder: encoding.Encoder, clientId: number, clock: number, state: Record<string, unknown> | null) {
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
}

/**
 * Keeps only the entries of the client id this connection owns and stamps the session's identity
 * into every state, so nobody can appear as someone else or remove another user's presence.
 * The first client id a connection uses becomes its own (unless another connection holds it).
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  owner: { ownedClientId: number | null },
  isTakenElsewhere: (clientId: number) => boolean,
  user: PresenceUser,
): AwarenessEntry[] {
  const kept: AwarenessEntry[] = [];
  for (const entry of decodeAwarenessUpdate(update)) {
    if (owner.ownedClientId !== entry.clientId) {
      if (owner.ownedClientId !== null || isTakenElsewhere(entry.clientId)) continue;
      owner.ownedClientId = entry.clientId;
    }
    kept.push({ ...entry, state: entry.state === null ? null : { ...entry.state, user } });
  }
  return kept;
}

/**
 * A room with this many clients is crowded: presence entries are kept encoded (`RoomAwareness`), and
 * presence changes go out gathered every 50 ms (`SectionRoom`).
 */
export const CROWDED_ROOM = 50;

/** Who hears of a room's presence changes (y-protocols' "update" event: every client touched). */
export interface AwarenessListener {
  awarenessChanged(clients: number[], origin: unknown): void;
}

type Presence = {
  clock: number;
  lastUpdated: number;
  state: Record<string, unknown> | null;
  /**
   * The client's entry as encoded (client id, clock, state), made when first sent in a crowded room
   * and dropped when the presence changes: everyone joining is sent every present client's entry,
   * so with hundreds of people in a section each state would otherwise be serialised again for
   * every newcomer.
   */
  encoded: Uint8Array | null;
};

/**
 * The presence of one section's clients by y-protocols' rules (a newer clock wins, a null state
 * removes, states not renewed for 30 s time out) and in its wire format, so stock clients and
 * `y-protocols/awareness` peers understand it. Unlike its Awareness class it has no document,
 * no local state, no timer (the collaboration server sweeps every room from one timer) and one
 * map instead of three: a server keeps thousands of these.
 */
export class RoomAwareness {
  /** Per client: its clock and state; a removed client keeps its clock (state null), as in y-protocols. */
  private readonly clients = new Map<number, Presence>();

  constructor(private readonly listener: AwarenessListener | null = null) {}

  /** The clients present now (with a state). */
  presentClients(): number[] {
    const present: number[] = [];
    for (const [clientId, presence] of this.clients) if (presence.state !== null) present.push(clientId);
    return present;
  }

  state(clientId: number): Record<string, unknown> | null {
    return this.clients.get(clientId)?.state ?? null;
  }

  /** An awareness update (y-protocols' encoding) of these clients' states. */
  encode(clientIds: number[]): Uint8Array {
    const known = clientIds.filter((clientId) => this.clients.has(clientId));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, known.length);
    // Kept only in crowded rooms: in a small one encoding the few states again costs less than
    // holding their bytes (~0.3 KB of heap each).
    const keep = this.clients.size >= CROWDED_ROOM;
    for (const clientId of known) {
      const presence = this.clients.get(clientId)!;
      if (presence.encoded) {
        encoding.writeUint8Array(encoder, presence.encoded);
      } else if (keep) {
        const entry = encoding.createEncoder();
        writeEntry(entry, clientId, presence.clock, presence.state);
        presence.encoded = encoding.toUint8Array(entry);
        encoding.writeUint8Array(encoder, presence.encoded);
      } else {
        writeEntry(encoder, clientId, presence.clock, presence.state);
      }
    }
    return encoding.toUint8Array(encoder);
  }

  /** Applies an encoded awareness update (y-protocols' applyAwarenessUpdate). */
  apply(update: Uint8Array, origin: unknown) {
    this.applyEntries(decodeAwarenessUpdate(update), origin);
  }

  /** Applies decoded entries; states are kept as given (a stamped presence object stays shared). */
  applyEntries(entries: AwarenessEntry[], origin: unknown) {
    const now = Date.now();
    const changed: number[] = [];
    for (const { clientId, clock, state } of entries) {
      const presence = this.clients.get(clientId);
      const current = presence === undefined ? 0 : presence.clock;
      if (!(current < clock || (current === clock && state === null && presence?.state != null))) continue;
      if (presence) {
        presence.clock = clock;
        presence.lastUpdated = now;
        presence.state = state;
        presence.encoded = null;
      } else {
        this.clients.set(clientId, { clock, lastUpdated: now, state, encoded: null });
      }
      changed.push(clientId);
    }
    if (changed.length) this.listener?.awarenessChanged(changed, origin);
  }

  /** Removes these clients' states (y-protocols' removeAwarenessStates). */
  remove(clientIds: number[], origin: unknown) {
    const removed = clientIds.filter((clientId) => {
      const presence = this.clients.get(clientId);
      if (!presence || presence.state === null) return false;
      presence.state = null;
      presence.encoded = null;
      return true;
    });
    if (removed.length) this.listener?.awarenessChanged(removed, origin);
  }

  /** Drops states not renewed for y-protocols' timeout (clients renew theirs every 15 s). */
  removeOutdated(now = Date.now()) {
    const outdated: number[] = [];
    for (const [clientId, presence] of this.clients) {
      if (presence.state !== null && now - presence.lastUpdated >= awarenessProtocol.outdatedTimeout) outdated.push(clientId);
    }
    if (outdated.length) this.remove(outdated, "timeout");
  }
}

const palette = ["#c2410c", "#0369a1", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207", "#be185d", "#4338ca", "#4d7c0f"];

/** A stable colour per person. */
export function colorForUser(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}
