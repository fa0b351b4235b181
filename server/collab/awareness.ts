import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { Observable } from "lib0/observable";
import * as awarenessProtocol from "y-protocols/awareness";

/** Presence fields the server sets from the session; a client cannot choose them. */
export type PresenceUser = { id: string; name: string; department: string; color: string };

type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

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
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
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
): Uint8Array | null {
  const kept: AwarenessEntry[] = [];
  for (const entry of decodeAwarenessUpdate(update)) {
    if (owner.ownedClientId !== entry.clientId) {
      if (owner.ownedClientId !== null || isTakenElsewhere(entry.clientId)) continue;
      owner.ownedClientId = entry.clientId;
    }
    kept.push({ ...entry, state: entry.state === null ? null : { ...entry.state, user } });
  }
  return kept.length ? encodeAwarenessEntries(kept) : null;
}

/**
 * The presence of one section's clients, as y-protocols' Awareness keeps it (the same `states`,
 * `meta`, events and update encoding, so its encode/apply/remove functions work on it), without a
 * document, a local state or a timer of its own: a server holds no presence itself, and the
 * collaboration server times out stale states of every room from one timer (`removeOutdated`).
 */
export class RoomAwareness extends Observable<string> {
  /** Never a client's id: the server publishes no presence of its own. */
  readonly clientID = 0;
  readonly states = new Map<number, Record<string, unknown>>();
  readonly meta = new Map<number, { clock: number; lastUpdated: number }>();

  getLocalState(): null {
    return null;
  }

  getStates(): Map<number, Record<string, unknown>> {
    return this.states;
  }

  /** y-protocols' functions take an Awareness; they use only what this class has. */
  private get protocol(): awarenessProtocol.Awareness {
    return this as unknown as awarenessProtocol.Awareness;
  }

  encode(clients: number[]): Uint8Array {
    return awarenessProtocol.encodeAwarenessUpdate(this.protocol, clients);
  }

  apply(update: Uint8Array, origin: unknown) {
    awarenessProtocol.applyAwarenessUpdate(this.protocol, update, origin);
  }

  remove(clients: number[], origin: unknown) {
    awarenessProtocol.removeAwarenessStates(this.protocol, clients, origin);
  }

  /** Drops states not renewed for y-protocols' timeout (clients renew theirs every 15 s). */
  removeOutdated(now = Date.now()) {
    if (this.states.size === 0) return;
    const outdated: number[] = [];
    for (const clientId of this.states.keys()) {
      const meta = this.meta.get(clientId);
      if (meta && now - meta.lastUpdated >= awarenessProtocol.outdatedTimeout) outdated.push(clientId);
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
