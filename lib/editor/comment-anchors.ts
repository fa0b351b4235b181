import { Extension } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { SECTION_FRAGMENT } from "./names";

/*
 * Comment threads are anchored to the text with two Yjs relative positions, so the range follows
 * everyone's edits: the start sticks to the first commented character (typing just before the
 * range stays outside it), the end to the last one (typing just after stays outside too).
 */

/** The two snapshots a diff view renders (y-tiptap's snapshot mode), or null for the live text. */
export type RenderedSnapshots = { snapshot: Y.Snapshot; prevSnapshot: Y.Snapshot } | null;

/**
 * What is needed to turn ProseMirror positions of an editor into positions in its Y.Doc: the
 * section body fragment, the editor's schema and, for a diff view, the snapshots it shows (then the
 * ProseMirror text also holds deleted characters).
 */
export type AnchorSource = { fragment: Y.XmlFragment; schema: Schema; snapshots: RenderedSnapshots };

type SyncPluginState = {
  binding?: { type: Y.XmlFragment } | null;
  snapshot?: unknown;
  prevSnapshot?: unknown;
};

function syncStateOf(state: EditorState): SyncPluginState | undefined {
  return ySyncPluginKey.getState(state) as SyncPluginState | undefined;
}

/** The anchor source of an editor showing `doc`'s section body, live or as a diff of two Y.Snapshots. */
export function anchorSourceOf(state: EditorState, doc: Y.Doc): AnchorSource | null {
  const sync = syncStateOf(state);
  const { snapshot, prevSnapshot } = sync ?? {};
  if (snapshot != null || prevSnapshot != null) {
    // Snapshots given as v2 updates are rendered from another document: its item ids are not ours.
    if (!(snapshot instanceof Y.Snapshot)) return null;
    return {
      fragment: doc.getXmlFragment(SECTION_FRAGMENT),
      schema: state.schema,
      snapshots: { snapshot, prevSnapshot: prevSnapshot instanceof Y.Snapshot ? prevSnapshot : Y.emptySnapshot },
    };
  }
  return { fragment: doc.getXmlFragment(SECTION_FRAGMENT), schema: state.schema, snapshots: null };
}

function visibleIn(snapshot: Y.Snapshot, client: number, clock: number): boolean {
  return (snapshot.sv.get(client) ?? 0) > clock && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));
}

/** Whether the character at `offset` of an item is shown (y-tiptap renders what either snapshot sees). */
function characterShown(item: Y.Item, offset: number, snapshots: RenderedSnapshots): boolean {
  if (!snapshots) return !item.deleted;
  const { client, clock } = item.id;
  return visibleIn(snapshots.snapshot, client, clock + offset) || visibleIn(snapshots.prevSnapshot, client, clock + offset);
}

/** The children of a type in the order y-tiptap renders them. */
function renderedChildren(type: Y.XmlFragment | Y.XmlElement, snapshots: RenderedSnapshots): (Y.XmlElement | Y.XmlText)[] {
  if (!snapshots) return type.toArray().filter((child) => child instanceof Y.XmlText || child instanceof Y.XmlElement);
  const children = Y.typeListToArraySnapshot(type, new Y.Snapshot(snapshots.prevSnapshot.ds, snapshots.snapshot.sv)) as (Y.XmlElement | Y.XmlText)[];
  return children.filter((child) => {
    if (!(child instanceof Y.XmlText || child instanceof Y.XmlElement)) return false;
    // At the top, y-tiptap also leaves out blocks that neither snapshot shows (added and removed in between).
    if (type._item !== null) return true;
    const { client, clock } = child._item!.id;
    return !child._item!.deleted || visibleIn(snapshots.snapshot, client, clock) || visibleIn(snapshots.prevSnapshot, client, clock);
  });
}

/** The shown characters of a text, each with its Yjs id. */
function shownCharacters(text: Y.XmlText, snapshots: RenderedSnapshots): Y.ID[] {
  const ids: Y.ID[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue;
    for (let offset = 0; offset < item.length; offset++) {
      if (characterShown(item, offset, snapshots)) ids.push(Y.createID(item.id.client, item.id.clock + offset));
    }
  }
  return ids;
}

function nodeSize(element: Y.XmlElement | Y.XmlText, source: AnchorSource): number {
  if (element instanceof Y.XmlText) return source.snapshots ? shownCharacters(element, source.snapshots).length : element.length;
  const nodeType = source.schema.nodes[element.nodeName];
  if (!nodeType) return 0;
  if (nodeType.isLeaf) return 1;
  return 2 + renderedChildren(element, source.snapshots).reduce((sum, child) => sum + nodeSize(child, source), 0);
}

/**
 * The relative position of ProseMirror position `pos`. `assoc` 0 binds it to the character after
 * the position, -1 to the one before (used for a range's end). Null when `pos` is outside the text.
 */
export function relativePositionAt(source: AnchorSource, pos: number, assoc: 0 | -1): Y.RelativePosition | null {
  let type: Y.XmlFragment | Y.XmlElement = source.fragment;
  let offset = pos;
  descend: for (;;) {
    for (const child of renderedChildren(type, source.snapshots)) {
      if (child instanceof Y.XmlText) {
        const characters = shownCharacters(child, source.snapshots);
        if (offset <= characters.length && characters.length > 0) {
          // Prefer the requested side; at the ends of a text fall back to the side that exists.
          const before = offset > 0 ? characters[offset - 1] : undefined;
          const after = offset < characters.length ? characters[offset] : undefined;
          if (assoc === -1 && before) return new Y.RelativePosition(null, null, before, -1);
          if (after) return new Y.RelativePosition(null, null, after, 0);
          return new Y.RelativePosition(null, null, before!, -1);
        }
        offset -= characters.length;
        continue;
      }
      const size = nodeSize(child, source);
      if (offset === 0) return Y.createRelativePositionFromJSON({ item: child._item!.id, assoc: 0 });
      if (offset < size && size > 1) {
        type = child;
        offset -= 1;
        continue descend;
      }
      offset -= size;
    }
    if (offset !== 0) return null;
    // The end of a block (or of the body): the position at the end of its children.
    return Y.createRelativePositionFromTypeIndex(type, type.length, -1);
  }
}

/** Base64 of a relative position (what comment.create takes). */
export function encodeAnchor(position: Y.RelativePosition): string {
  let binary = "";
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeAnchor(anchor: string): Y.RelativePosition | null {
  try {
    const binary = atob(anchor);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

export type EncodedAnchors = { anchorStart: string; anchorEnd: string };

/** Anchors for the range from..to of the editor's text (null for an empty range or one outside the text). */
export function encodeRangeAnchors(source: AnchorSource, from: number, to: number): EncodedAnchors | null {
  if (from >= to) return null;
  const start = relativePositionAt(source, from, 0);
  const end = relativePositionAt(source, to, -1);
  if (!start || !end) return null;
  return { anchorStart: encodeAnchor(start), anchorEnd: encodeAnchor(end) };
}

/** Where the content of `type` starts in the live text (for a deleted type: where it was). */
function contentStart(source: AnchorSource, type: Y.XmlFragment | Y.XmlText): number | null {
  if (type === source.fragment) return 0;
  const parent = type._item?.parent;
  if (!(parent instanceof Y.XmlFragment)) return null;
  const parentStart = contentStart(source, parent);
  if (parentStart === null) return null;
  let offset = parentStart;
  for (let item = parent._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child === type) return type instanceof Y.XmlText ? offset : offset + 1;
    if (!item.deleted && (child instanceof Y.XmlText || child instanceof Y.XmlElement)) offset += nodeSize(child, source);
  }
  return null;
}

/**
 * The ProseMirror position of a relative position in the live text (what y-tiptap's
 * relativePositionToAbsolutePosition computes, without its mapping and without its guess that a
 * position at the very start of the text is misresolved). In deleted text: where that text was.
 */
export function absolutePositionAt(source: AnchorSource, position: Y.RelativePosition): number | null {
  const doc = source.fragment.doc;
  if (!doc || source.snapshots) return null;
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  const { type, index } = absolute;
  if (!(type instanceof Y.XmlText || type instanceof Y.XmlFragment)) return null;
  const start = contentStart(source, type);
  if (start === null) return null;
  if (type instanceof Y.XmlText) return start + index;
  return renderedChildren(type, null)
    .slice(0, index)
    .reduce((offset, child) => offset + nodeSize(child, source), start);
}

/** The current range of stored anchors in the live text, or null when the anchored text is gone (both ends met). */
export function resolveRangeAnchors(source: AnchorSource, anchors: EncodedAnchors): { from: number; to: number } | null {
  const start = decodeAnchor(anchors.anchorStart);
  const end = decodeAnchor(anchors.anchorEnd);
  if (!start || !end) return null;
  const from = absolutePositionAt(source, start);
  const to = absolutePositionAt(source, end);
  if (from === null || to === null || from >= to) return null;
  return { from, to };
}

/** What the highlights need of a thread. */
export type HighlightedThread = { id: string; anchorStart: string; anchorEnd: string; resolved: boolean };

export type CommentHighlightsOptions = {
  /** The section's threads now (read on every recomputation, so the editor need not be recreated). */
  threads: () => readonly HighlightedThread[];
  /** The thread to emphasise. */
  activeThreadId: () => string | null;
  /** A highlight was clicked. */
  onSelectThread: (threadId: string) => void;
};

export const commentHighlightsKey = new PluginKey<DecorationSet>("commentHighlights");

export const HIGHLIGHT_CLASS = "comment-highlight";
export const ACTIVE_HIGHLIGHT_CLASS = "comment-highlight-active";

function highlightDecorations(state: EditorState, options: CommentHighlightsOptions): DecorationSet {
  const sync = syncStateOf(state);
  // A diff view (snapshot mode) shows other text than the live one; it draws no highlights.
  if (!sync?.binding || sync.snapshot != null) return DecorationSet.empty;
  const source: AnchorSource = { fragment: sync.binding.type, schema: state.schema, snapshots: null };
  const active = options.activeThreadId();
  const size = state.doc.content.size;
  const decorations: Decoration[] = [];
  for (const thread of options.threads()) {
    if (thread.resolved) continue;
    const range = resolveRangeAnchors(source, thread);
    if (!range || range.to > size) continue;
    const className = thread.id === active ? `${HIGHLIGHT_CLASS} ${ACTIVE_HIGHLIGHT_CLASS}` : HIGHLIGHT_CLASS;
    decorations.push(Decoration.inline(range.from, range.to, { class: className, "data-thread-id": thread.id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

/** Asks the highlights of an editor to be drawn again (the threads or the active thread changed). */
export function refreshCommentHighlights(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, true));
}

function needsRecomputation(tr: Transaction): boolean {
  // Remote changes and re-renders come from y-tiptap, after the Y.Doc and the text agree again.
  return tr.getMeta(commentHighlightsKey) === true || tr.getMeta(ySyncPluginKey) !== undefined;
}

/**
 * Marks unresolved threads' ranges in the text (class `comment-highlight`, `data-thread-id`), the
 * active one emphasised. Recomputed from the Yjs anchors on every remote change and on request;
 * local edits map the marks along (y-tiptap writes them into the Y.Doc only after they are drawn).
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",
  addOptions() {
    return { threads: () => [], activeThreadId: () => null, onSelectThread: () => undefined };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: (_config, state) => highlightDecorations(state, options),
          apply: (tr, decorations, _oldState, newState) => {
            if (needsRecomputation(tr)) return highlightDecorations(newState, options);
            return tr.docChanged ? decorations.map(tr.mapping, tr.doc) : decorations;
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state),
          handleClick: (_view, _pos, event) => {
            const target = event.target instanceof Element ? event.target.closest(`[data-thread-id]`) : null;
            const threadId = target?.getAttribute("data-thread-id");
            // After ProseMirror has taken the click's caret: choosing a thread redraws the highlights,
            // and a redraw puts back the selection ProseMirror knows of.
            if (threadId) setTimeout(() => options.onSelectThread(threadId), 0);
            return false;
          },
        },
      }),
    ];
  },
});
