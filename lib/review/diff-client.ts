import * as Y from "yjs";
import { SECTION_FRAGMENT } from "../editor/names";

/** Yjs does not export the DeleteSet class as a type; this is its type. */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** The attribution as `version.diff` sends it: client id → user id, and per user a base64 snapshot holding what they deleted. */
export type AttributionWire = { authors: [number, string][]; deletions: [string, string][] };

/** The parts of Y.PermanentUserData that y-tiptap's snapshot rendering uses. */
export type PermanentUserDataLike = {
  dss: Map<string, DeleteSet>;
  getUserByClientId(clientId: number): string | null;
  getUserByDeletedId(id: Y.ID): string | null;
};

/** Bytes of a base64 string (browser and Node alike). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * A stand-in for Y.PermanentUserData built from the server's attribution, which is kept outside
 * the document: insertions are attributed by Yjs client id, deletions by each user's delete set.
 */
export function permanentUserDataFromWire(wire: AttributionWire): PermanentUserDataLike {
  const authors = new Map(wire.authors);
  const dss = new Map(wire.deletions.map(([userId, encoded]) => [userId, Y.decodeSnapshot(base64ToBytes(encoded)).ds] as const));
  return {
    dss,
    getUserByClientId: (clientId) => authors.get(clientId) ?? null,
    getUserByDeletedId: (id) => {
      for (const [userId, ds] of dss) if (Y.isDeleted(ds, id)) return userId;
      return null;
    },
  };
}

export type ColorDef = { light: string; dark: string };

/** A person's colour as text colour / underline (dark) and a faint background (light, ~15 % alpha). */
export function colorDefOf(color: string): ColorDef {
  const hex = /^#([0-9a-fA-F]{6})$/.exec(color);
  return { dark: color, light: hex ? `#${hex[1]}26` : color };
}

/** y-tiptap's colorMapping from the people of a diff. */
export function colorMappingOf(people: { id: string; color: string }[]): Map<string, ColorDef> {
  return new Map(people.map((person) => [person.id, colorDefOf(person.color)]));
}

/** Colour of changes nobody is known to have made (y-tiptap picks from this list for them). */
export const UNATTRIBUTED_COLOR: ColorDef = { dark: "#667085", light: "#66708526" };

const isVisibleAt = (item: Y.Item, snapshot: Y.Snapshot) => (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);

/** `ds` without the single structs `ids` (each a map entry, length 1). */
function deleteSetWithout(ds: DeleteSet, ids: Y.ID[]): DeleteSet {
  if (ids.length === 0) return ds;
  const kept = new Map<number, Set<number>>();
  for (const id of ids) kept.set(id.client, (kept.get(id.client) ?? new Set()).add(id.clock));
  const result = Y.createDeleteSet();
  for (const [client, ranges] of ds.clients) {
    const skip = kept.get(client);
    const out: { clock: number; len: number }[] = [];
    for (const range of ranges) {
      let start = range.clock;
      for (let clock = range.clock; clock < range.clock + range.len; clock += 1) {
        if (!skip?.has(clock)) continue;
        if (clock > start) out.push({ clock: start, len: clock - start });
        start = clock + 1;
      }
      if (start < range.clock + range.len) out.push({ clock: start, len: range.clock + range.len - start });
    }
    if (out.length) result.clients.set(client, out as (typeof ranges)[number][]);
  }
  return result;
}

/**
 * `next` adjusted so that elements removed between the snapshots keep their attributes when
 * rendered. y-tiptap reads an element's attributes at `next`, where deleting the element has
 * deleted its attribute entries too: a removed heading would come back as level 1 and a removed
 * chip without its id. The element itself stays deleted; only its latest attribute entries are
 * treated as not deleted.
 */
export function keepAttributesOfRemovedElements(fragment: Y.XmlFragment, prev: Y.Snapshot, next: Y.Snapshot): Y.Snapshot {
  const entries: Y.ID[] = [];
  const both = new Y.Snapshot(prev.ds, next.sv);
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of Y.typeListToArraySnapshot(parent, both)) {
      if (!(child instanceof Y.XmlElement)) continue;
      const item = child._item;
      if (item && isVisibleAt(item, prev) && !isVisibleAt(item, next)) {
        for (const newest of child._map.values()) {
          let entry: Y.Item | null = newest;
          while (entry && !((next.sv.get(entry.id.client) ?? 0) > entry.id.clock)) entry = entry.left;
          if (entry && Y.isDeleted(next.ds, entry.id)) entries.push(entry.id);
        }
      }
      walk(child);
    }
  };
  walk(fragment);
  return entries.length ? Y.createSnapshot(deleteSetWithout(next.ds, entries), next.sv) : next;
}

type DiffWire = { state: string; from: { snapshot: string } | null; to: { snapshot: string } };

/**
 * Merges the wire's document state into `doc` (a section's history only grows, so a newer state
 * of the same section merges cleanly) and returns the two snapshots to render.
 */
export function applyDiffState(doc: Y.Doc, wire: DiffWire): { snapshot: Y.Snapshot; prevSnapshot: Y.Snapshot } {
  Y.applyUpdate(doc, base64ToBytes(wire.state));
  // Nothing to compare with (no approved version yet…): everything in `to` counts as added.
  const prevSnapshot = wire.from ? Y.decodeSnapshot(base64ToBytes(wire.from.snapshot)) : Y.emptySnapshot;
  const snapshot = keepAttributesOfRemovedElements(doc.getXmlFragment(SECTION_FRAGMENT), prevSnapshot, Y.decodeSnapshot(base64ToBytes(wire.to.snapshot)));
  return { snapshot, prevSnapshot };
}

/** A PermanentUserDataLike whose attribution can be replaced by a newer one (the rendering keeps the object). */
export function updatablePermanentUserData(wire: AttributionWire): PermanentUserDataLike & { update(next: AttributionWire): void } {
  let current = permanentUserDataFromWire(wire);
  return {
    get dss() {
      return current.dss;
    },
    getUserByClientId: (clientId) => current.getUserByClientId(clientId),
    getUserByDeletedId: (id) => current.getUserByDeletedId(id),
    update(next) {
      current = permanentUserDataFromWire(next);
    },
  };
}
