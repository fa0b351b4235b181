import * as Y from "yjs";

/**
 * Reading the difference between two snapshots of a section document (which is never
 * garbage-collected), the way y-prosemirror renders it in the editor: text inserted after `prev`
 * and visible in `next` is "added", text visible in `prev` and deleted by `next` is "removed". Who
 * did it comes from the server's attribution (client id → user for insertions, per-user delete
 * sets for deletions).
 */
export type ChangeAuthors = {
  /** The user who wrote under this Yjs client id. */
  insertedBy(clientId: number): string | null;
  /** The user who deleted the struct `id`. */
  deletedBy(id: Y.ID): string | null;
};

export type YChange = { type: "added" | "removed"; user: string | null };

export type DiffSpan = { text: string; change: YChange | null };

/** One block of the section (paragraph, heading, list item's paragraph…) with its spans. */
export type DiffBlock = {
  /** Node names from the root down to this block, e.g. ["bulletList", "listItem", "paragraph"]. */
  path: string[];
  /** The block element itself was added or removed between the snapshots. */
  change: YChange | null;
  /** Attribute changes of the block (e.g. a heading's level) between the snapshots. */
  attributes: { key: string; before: unknown; after: unknown; user: string | null }[];
  spans: DiffSpan[];
};

/** Whether a struct is part of the document at `snapshot` (Yjs' own rule). */
export function isVisibleAt(item: Y.Item, snapshot: Y.Snapshot): boolean {
  return (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);
}

function changeOf(item: Y.Item | null, prev: Y.Snapshot, next: Y.Snapshot, authors: ChangeAuthors): YChange | null {
  if (!item) return null;
  const before = isVisibleAt(item, prev);
  const after = isVisibleAt(item, next);
  if (before && !after) return { type: "removed", user: authors.deletedBy(item.id) };
  if (!before && after) return { type: "added", user: authors.insertedBy(item.id.client) };
  return null;
}

/** The attribute items of an element, current value per key as of `snapshot` (null when unset). */
function attributesAt(element: Y.XmlElement, snapshot: Y.Snapshot): Map<string, { value: unknown; item: Y.Item }> {
  const found = new Map<string, { value: unknown; item: Y.Item }>();
  for (const [key, last] of element._map) {
    // Walk back from the newest assignment to the one visible at the snapshot.
    let item: Y.Item | null = last;
    while (item && !((snapshot.sv.get(item.id.client) ?? 0) > item.id.clock)) item = item.left;
    if (item && !Y.isDeleted(snapshot.ds, item.id)) {
      const content = item.content.getContent();
      found.set(key, { value: content[content.length - 1], item });
    }
  }
  return found;
}

/**
 * The blocks of `fragment` between `prev` and `next`, in document order, with attributed spans.
 * Blocks visible in neither snapshot (written and deleted in between) are left out.
 */
export function diffBlocks(fragment: Y.XmlFragment, prev: Y.Snapshot, next: Y.Snapshot, authors: ChangeAuthors): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  const both = new Y.Snapshot(prev.ds, next.sv);
  const walk = (parent: Y.XmlFragment | Y.XmlElement, path: string[], inherited: YChange | null) => {
    for (const child of Y.typeListToArraySnapshot(parent, both) as (Y.XmlElement | Y.XmlText)[]) {
      const item = child._item;
      if (item && !isVisibleAt(item, prev) && !isVisibleAt(item, next)) continue;
      if (!(child instanceof Y.XmlElement)) continue;
      const change = changeOf(item, prev, next, authors) ?? inherited;
      const children = Y.typeListToArraySnapshot(child, both);
      const texts = children.filter((node): node is Y.XmlText => node instanceof Y.XmlText);
      if (texts.length > 0 || children.length === 0) {
        // Only blocks present on both sides can change format; an added or removed block changed whole.
        const before = change === null ? attributesAt(child, prev) : new Map<string, { value: unknown; item: Y.Item }>();
        const after = change === null ? attributesAt(child, next) : new Map<string, { value: unknown; item: Y.Item }>();
        const attributes = [...new Set([...before.keys(), ...after.keys()])]
          .filter((key) => JSON.stringify(before.get(key)?.value ?? null) !== JSON.stringify(after.get(key)?.value ?? null))
          .map((key) => ({
            key,
            before: before.get(key)?.value ?? null,
            after: after.get(key)?.value ?? null,
            user: after.get(key) ? authors.insertedBy(after.get(key)!.item.id.client) : null,
          }));
        const spans: DiffSpan[] = [];
        for (const text of texts) {
          const delta = text.toDelta(next, prev, (type: "added" | "removed", id: Y.ID) => ({
            type,
            user: type === "added" ? authors.insertedBy(id.client) : authors.deletedBy(id),
          })) as { insert: unknown; attributes?: { ychange?: YChange } }[];
          for (const op of delta) {
            if (typeof op.insert !== "string") continue;
            const spanChange = op.attributes?.ychange ?? change;
            const last = spans[spans.length - 1];
            if (last && JSON.stringify(last.change) === JSON.stringify(spanChange)) last.text += op.insert;
            else spans.push({ text: op.insert, change: spanChange ?? null });
          }
        }
        blocks.push({ path: [...path, child.nodeName], change, attributes, spans });
      }
      const nested = children.filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
      if (nested.length > 0) walk(child, [...path, child.nodeName], change);
    }
  };
  walk(fragment, [], null);
  return blocks;
}

/** Characters added and removed between the snapshots (the "size of change" of a review). */
export function changeSize(blocks: DiffBlock[]): { added: number; removed: number; blocksChanged: number } {
  let added = 0;
  let removed = 0;
  let blocksChanged = 0;
  for (const block of blocks) {
    let changed = block.change !== null || block.attributes.length > 0;
    for (const span of block.spans) {
      if (span.change?.type === "added") added += span.text.length;
      if (span.change?.type === "removed") removed += span.text.length;
      if (span.change) changed = true;
    }
    if (changed) blocksChanged += 1;
  }
  return { added, removed, blocksChanged };
}

/** Plain text length of a fragment as it is now (for version sizes). */
export function textLength(fragment: Y.XmlFragment): number {
  let length = 0;
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText)
      for (const op of node.toDelta() as { insert: unknown }[]) length += typeof op.insert === "string" ? op.insert.length : 0;
    else if (!(node instanceof Y.XmlHook)) for (const child of node.toArray()) walk(child);
  };
  walk(fragment);
  return length;
}
