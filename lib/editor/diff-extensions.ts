import { type AnyExtension, type Editor, Extension, Mark, mergeAttributes, splitExtensions } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { ySyncPlugin, ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import type { ColorDef, PermanentUserDataLike } from "../review/diff-client";
import { sectionSchemaExtensions } from "./extensions";
import { IndicatorReference, ProjectReference } from "./reference-nodes";

/**
 * What y-tiptap's snapshot rendering writes into the document: the `ychange` mark on text and the
 * `ychange` attribute on elements, `{ user, type, color }` with the colour from `colorMapping`.
 */
export type YChangeType = "added" | "removed";
export type YChangeValue = { user: string | null; type: YChangeType; color?: { light: string; dark: string } | null };

export type DiffRenderOptions = {
  /** Text naming who made a change, for screen readers and tooltips (e.g. "插入：张三（市工信局）"). */
  describeChange: (change: { type: YChangeType; user: string | null }) => string;
  /** Spoken after a changed run so the listener knows where it ends (e.g. "插入结束"). */
  endOfChange: (type: YChangeType) => string;
  /** The text a chip shows in the diff (the entity's name as known to the diff, else its kind). */
  chipLabel: (kind: "project" | "indicator", id: string) => string;
};

const silentOptions: DiffRenderOptions = {
  describeChange: ({ type }) => type,
  endOfChange: () => "",
  chipLabel: (kind) => kind,
};

const isYChange = (value: unknown): value is YChangeValue =>
  typeof value === "object" && value !== null && ((value as YChangeValue).type === "added" || (value as YChangeValue).type === "removed");

/** Colour custom properties for the stylesheet (the palette is ours: "#rrggbb" values only). */
function colorStyle(change: YChangeValue): string {
  const dark = change.color?.dark;
  const light = change.color?.light;
  const safe = (value: string | undefined) => (value && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : null);
  const parts = [safe(dark) && `--ychange-color: ${safe(dark)}`, safe(light) && `--ychange-bg: ${safe(light)}`].filter(Boolean);
  return parts.join("; ");
}

/** HTML attributes of a changed element or run: classes, data attributes, colours, tooltip. */
export function ychangeAttributes(change: unknown, options: Pick<DiffRenderOptions, "describeChange">, prefix: "ychange-node" | "ychange"): Record<string, string> {
  if (!isYChange(change)) return {};
  const attributes: Record<string, string> = {
    class: `${prefix} ${prefix}-${change.type}`,
    "data-ychange-type": change.type,
    title: options.describeChange({ type: change.type, user: change.user ?? null }),
  };
  if (change.user) attributes["data-ychange-user"] = change.user;
  const style = colorStyle(change);
  if (style) attributes.style = style;
  return attributes;
}

/**
 * Text inserted or removed between two snapshots: `<ins>` / `<del>` in the person's colour, with
 * visually hidden text before and after the run so screen readers say who changed what and where
 * the change ends. Above every other mark (Link has 1000): the outermost mark, so a bold word or a link inside does not split the run.
 */
const YChangeMark = Mark.create<DiffRenderOptions>({
  name: "ychange",
  priority: 1100,
  inclusive: false,
  excludes: "",
  addOptions() {
    return silentOptions;
  },
  addAttributes() {
    return {
      user: { default: null, rendered: false },
      type: { default: null, rendered: false },
      color: { default: null, rendered: false },
    };
  },
  parseHTML() {
    return [];
  },
  renderHTML({ mark }) {
    const change = mark.attrs as YChangeValue;
    const tag = change.type === "removed" ? "del" : "ins";
    const end = this.options.endOfChange(change.type);
    return [
      tag,
      ychangeAttributes(change, this.options, "ychange"),
      ["span", { class: "visually-hidden" }, `${this.options.describeChange({ type: change.type, user: change.user ?? null })} `],
      ["span", 0],
      ...(end ? [["span", { class: "visually-hidden" }, ` ${end}`] as const] : []),
    ];
  },
});

/** The `ychange` attribute on every element node (added or removed blocks, rows, chips…). */
const YChangeAttribute = Extension.create<DiffRenderOptions>({
  name: "ychangeAttribute",
  addOptions() {
    return silentOptions;
  },
  addGlobalAttributes() {
    const { nodeExtensions } = splitExtensions(this.extensions);
    return [
      {
        types: nodeExtensions.filter((extension) => extension.name !== "text").map((extension) => extension.name),
        attributes: {
          ychange: {
            default: null,
            keepOnSplit: false,
            parseHTML: () => null,
            renderHTML: (attributes) => ychangeAttributes(attributes.ychange, this.options, "ychange-node"),
          },
        },
      },
    ];
  },
});

/** The schema additions a diff needs (the mark and the attribute), to add to the section schema. */
export function diffExtensions(options: Partial<DiffRenderOptions> = {}): AnyExtension[] {
  const resolved = { ...silentOptions, ...options };
  return [YChangeMark.configure(resolved), YChangeAttribute.configure(resolved)];
}

/** A chip drawn as text (its label), marked when the chip itself was inserted or removed. */
function labelledChip(extension: typeof ProjectReference, kind: "project" | "indicator", options: DiffRenderOptions) {
  return extension.extend({
    renderHTML({ node, HTMLAttributes }: { node: ProseMirrorNode; HTMLAttributes: Record<string, unknown> }) {
      const label = options.chipLabel(kind, node.attrs.id as string);
      const change = node.attrs.ychange as unknown;
      const attributes = mergeAttributes(HTMLAttributes, { class: `reference-chip reference-chip-${extension.name}` });
      if (!isYChange(change)) return ["span", attributes, label];
      return [
        "span",
        attributes,
        ["span", { class: "visually-hidden" }, `${options.describeChange({ type: change.type, user: change.user ?? null })} `],
        label,
      ];
    },
  });
}

/**
 * The section schema for reading a diff or an old version: the shared schema with chips drawn as
 * labelled text (no live node views) plus the diff mark and attribute. Same node and mark names
 * as the live editor, so y-tiptap renders the section's document into it unchanged.
 */
export function diffSchemaExtensions(options: Partial<DiffRenderOptions> = {}): AnyExtension[] {
  const resolved = { ...silentOptions, ...options };
  const schema = sectionSchemaExtensions().map((extension) => {
    if (extension === ProjectReference) return labelledChip(ProjectReference, "project", resolved);
    if (extension === IndicatorReference) return labelledChip(IndicatorReference, "indicator", resolved);
    return extension;
  });
  return [...schema, ...diffExtensions(resolved)];
}

/** What one person changed in a rendered diff. */
export type ChangeTally = { added: number; removed: number };

/**
 * Who changed what in a rendered diff document: characters of text inserted and removed per user
 * id (`null` = not attributed), read from the marks and attributes y-tiptap wrote. Someone who
 * only added or removed a chip or an empty block is listed with zero characters.
 */
export function tallyChanges(doc: ProseMirrorNode): Map<string | null, ChangeTally> {
  const tally = new Map<string | null, ChangeTally>();
  const count = (change: YChangeValue, amount: number) => {
    const user = change.user ?? null;
    const entry = tally.get(user) ?? { added: 0, removed: 0 };
    entry[change.type] += amount;
    tally.set(user, entry);
  };
  doc.descendants((node) => {
    const nodeChange = node.attrs.ychange as unknown;
    // A block or chip names its author without adding characters (the size line counts text only).
    if (isYChange(nodeChange) && !node.isText) count(nodeChange, 0);
    if (node.isText) {
      const mark = node.marks.find((candidate) => candidate.type.name === "ychange");
      if (mark && isYChange(mark.attrs)) count(mark.attrs, node.text?.length ?? 0);
    }
    return true;
  });
  return tally;
}

type SnapshotPair = { snapshot: Y.Snapshot; prevSnapshot: Y.Snapshot };

/** Shows `prevSnapshot` → `snapshot` in an editor that has `diffSync` (again, e.g. after the document grew). */
export function renderDiff(editor: Editor, pair: SnapshotPair): void {
  const binding = ySyncPluginKey.getState(editor.state)?.binding as { renderSnapshot(snapshot: Y.Snapshot, prev: Y.Snapshot): void } | undefined;
  binding?.renderSnapshot(pair.snapshot, pair.prevSnapshot);
}

/**
 * Binds a read-only editor to a section's whole history and shows a pair of snapshots in it, the
 * way y-tiptap renders snapshots: text and elements visible only in one of them get the `ychange`
 * mark / attribute naming who inserted or deleted them. `permanentUserData` and `colorMapping` are
 * read at each rendering, so they may be updated in place. `onRendered` runs after each rendering
 * of a pair (the binding's very first render shows the plain current document and does not count).
 */
export function diffSync(options: {
  fragment: Y.XmlFragment;
  /** The pair to show when the editor is created. */
  initial: () => SnapshotPair;
  permanentUserData: PermanentUserDataLike;
  colorMapping: Map<string, ColorDef>;
  /** Colours of changes nobody is known to have made. */
  colors: ColorDef[];
  onRendered: (editor: Editor) => void;
}): AnyExtension {
  return Extension.create({
    name: "diffSync",
    addProseMirrorPlugins() {
      return [
        ySyncPlugin(options.fragment, {
          // Only dss, getUserByClientId and getUserByDeletedId are used by the rendering.
          permanentUserData: options.permanentUserData as unknown as Y.PermanentUserData,
          colorMapping: options.colorMapping,
          colors: options.colors,
        }),
      ];
    },
    onCreate() {
      renderDiff(this.editor, options.initial());
    },
    onTransaction({ transaction }) {
      const state = ySyncPluginKey.getState(this.editor.state) as { snapshot: Y.Snapshot | null } | undefined;
      if (transaction.docChanged && state?.snapshot) options.onRendered(this.editor);
    },
  });
}
