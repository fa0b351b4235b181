import { Extension } from "@tiptap/core";
import { isChangeOrigin } from "@tiptap/extension-collaboration";
import { PluginKey } from "@tiptap/pm/state";
import { Suggestion, type SuggestionProps } from "@tiptap/suggestion";
import { INDICATOR_REF, PROJECT_REF } from "./names";

export type ReferenceKind = "project" | "indicator";

/** Something a chip can cite, as offered in the picker (the chip itself stores only the id). */
export type ReferenceCandidate = { id: string; name: string };

/** Typing one of these opens the picker; the full-width forms are what Chinese input methods often type. */
const triggers: { kind: ReferenceKind; char: string }[] = [
  { kind: "project", char: "@" },
  { kind: "project", char: "＠" },
  { kind: "indicator", char: "#" },
  { kind: "indicator", char: "＃" },
];

const chipNode: Record<ReferenceKind, string> = { project: PROJECT_REF, indicator: INDICATOR_REF };

/**
 * The candidates whose name contains the query (any part of it, ignoring case): names that start
 * with it first, then the others, each group in registry order.
 */
export function matchCandidates<T extends ReferenceCandidate>(candidates: readonly T[], query: string, limit = 20): T[] {
  const needle = query.trim().toLowerCase();
  return candidates
    .map((candidate, order) => ({ candidate, order, at: candidate.name.toLowerCase().indexOf(needle) }))
    .filter((entry) => entry.at >= 0)
    .sort((a, b) => Number(a.at > 0) - Number(b.at > 0) || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/** What the popup shows while the picker is open. */
export type ReferencePickerState = {
  kind: ReferenceKind;
  query: string;
  items: ReferenceCandidate[];
  activeIndex: number;
  /** The candidates for the current query are still being looked up. */
  loading: boolean;
  /** The element the popup is rendered into, positioned at the trigger text by the suggestion plugin. */
  host: HTMLElement;
};

let pickerCount = 0;

/**
 * The state behind the `@` / `#` popup of one editor, outside React: the suggestion plugins report
 * into it and ask it about keys; the popup component renders it (useSyncExternalStore). While open,
 * the editor (the focused textbox) points at the highlighted option with aria-activedescendant.
 */
export class ReferencePicker {
  readonly listboxId = `reference-picker-${++pickerCount}`;
  private state: ReferencePickerState | null = null;
  private readonly listeners = new Set<() => void>();
  private insert: ((candidate: ReferenceCandidate) => void) | null = null;
  private unmount: (() => void) | null = null;
  private textbox: HTMLElement | null = null;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = () => this.state;

  optionId(index: number) {
    return `${this.listboxId}-option-${index}`;
  }

  /** Highlights an option (arrow keys, or the pointer moving over it). */
  setActive(index: number) {
    if (!this.state || index < 0 || index >= this.state.items.length || index === this.state.activeIndex) return;
    this.set({ ...this.state, activeIndex: index });
  }

  /** Replaces the trigger text with a chip for the option. */
  choose(index: number) {
    const candidate = this.state?.items[index];
    if (candidate && this.insert) this.insert(candidate);
  }

  /** The render hooks for one trigger's suggestion plugin. */
  renderer(kind: ReferenceKind) {
    return () => ({
      onStart: (props: SuggestionProps<ReferenceCandidate, ReferenceCandidate>) => this.start(kind, props),
      onUpdate: (props: SuggestionProps<ReferenceCandidate, ReferenceCandidate>) => this.update(kind, props),
      onExit: () => this.exit(kind),
      onKeyDown: ({ event }: { event: KeyboardEvent }) => this.keyDown(kind, event),
    });
  }

  private start(kind: ReferenceKind, props: SuggestionProps<ReferenceCandidate, ReferenceCandidate>) {
    this.close();
    const host = document.createElement("div");
    host.className = "reference-picker-host";
    this.textbox = props.editor.view.dom;
    this.insert = props.command;
    this.set({ kind, query: props.query, items: props.items, activeIndex: 0, loading: props.loading, host });
    this.unmount = props.mount(host);
  }

  private update(kind: ReferenceKind, props: SuggestionProps<ReferenceCandidate, ReferenceCandidate>) {
    const current = this.state;
    if (!current || current.kind !== kind) return;
    this.insert = props.command;
    // While the next query is looked up, keep showing the last results rather than flashing an empty list.
    const items = props.loading && props.items.length === 0 ? current.items : props.items;
    const activeIndex = props.query === current.query ? Math.min(current.activeIndex, Math.max(0, items.length - 1)) : 0;
    this.set({ ...current, query: props.query, items, activeIndex, loading: props.loading });
  }

  private exit(kind: ReferenceKind) {
    if (this.state?.kind === kind) this.close();
  }

  private keyDown(kind: ReferenceKind, event: KeyboardEvent): boolean {
    const state = this.state;
    if (!state || state.kind !== kind || state.items.length === 0) return false;
    const count = state.items.length;
    switch (event.key) {
      case "ArrowDown":
        this.setActive((state.activeIndex + 1) % count);
        return true;
      case "ArrowUp":
        this.setActive((state.activeIndex - 1 + count) % count);
        return true;
      case "Enter":
      case "Tab":
        this.choose(state.activeIndex);
        return true;
      default:
        return false;
    }
  }

  private close() {
    const unmount = this.unmount;
    this.unmount = null;
    this.insert = null;
    this.set(null);
    unmount?.();
  }

  private set(next: ReferencePickerState | null) {
    this.state = next;
    this.describeOnTextbox();
    for (const listener of this.listeners) listener();
  }

  /** The combobox half of the pattern lives on the editor itself (it keeps the focus while picking). */
  private describeOnTextbox() {
    const textbox = this.textbox;
    if (!textbox) return;
    const state = this.state;
    if (!state) {
      textbox.removeAttribute("aria-controls");
      textbox.removeAttribute("aria-activedescendant");
      textbox.removeAttribute("aria-autocomplete");
      this.textbox = null;
      return;
    }
    textbox.setAttribute("aria-controls", this.listboxId);
    textbox.setAttribute("aria-autocomplete", "list");
    if (state.items.length > 0) textbox.setAttribute("aria-activedescendant", this.optionId(state.activeIndex));
    else textbox.removeAttribute("aria-activedescendant");
  }

  /** Closes the popup without touching the document (the editor is going away). */
  destroy() {
    this.close();
  }
}

export type ReferencePickerOptions = {
  picker: ReferencePicker | null;
  /** Candidates of a kind whose name matches the query (see matchCandidates). */
  search: (kind: ReferenceKind, query: string) => Promise<ReferenceCandidate[]>;
};

/**
 * `@` offers projects and `#` offers indicators; choosing one replaces the typed trigger and query
 * with a chip that stores only the id. Opens only for text typed here, not for collaborators' edits.
 */
export const ReferencePickerExtension = Extension.create<ReferencePickerOptions>({
  name: "referencePicker",
  addOptions() {
    return { picker: null, search: async () => [] };
  },
  addProseMirrorPlugins() {
    const { picker, search } = this.options;
    if (!picker) return [];
    return triggers.map(({ kind, char }) => {
      const pluginKey = new PluginKey(`referencePicker:${char}`);
      return Suggestion<ReferenceCandidate, ReferenceCandidate>({
        editor: this.editor,
        pluginKey,
        char,
        // Chinese text has no space before the trigger.
        allowedPrefixes: null,
        decorationClass: "reference-trigger",
        items: ({ query }) => search(kind, query),
        command: ({ editor, range, props }) => {
          editor
            .chain()
            .focus()
            .insertContentAt(range, { type: chipNode[kind], attrs: { id: props.id } })
            .run();
        },
        shouldShow: ({ editor, transaction }) => !isChangeOrigin(transaction) || Boolean(pluginKey.getState(editor.state)?.active),
        render: picker.renderer(kind),
      });
    });
  },
});
