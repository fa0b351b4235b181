import { Extension, type AnyExtension, type NodeViewRenderer } from "@tiptap/core";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { renderCaret, renderSelection } from "./caret";
import { sectionSchemaExtensions } from "./extensions";
import { SECTION_FRAGMENT } from "./names";
import { IndicatorReference, ProjectReference } from "./reference-nodes";
import { ReferencePickerExtension, type ReferencePickerOptions } from "./reference-picker";
import type { SectionSession } from "./section-session";

/** Mod-K opens the link form (Tiptap's Link has no shortcut of its own). */
const LinkShortcut = Extension.create<{ onOpen: () => void }>({
  name: "linkShortcut",
  addOptions() {
    return { onOpen: () => undefined };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-k": () => {
        if (!this.editor.isEditable) return false;
        this.options.onOpen();
        return true;
      },
    };
  },
});

/** How the browser shows and inserts chips: a node view with the live figures, and the `@` / `#` picker. */
export type ReferenceChipOptions = ReferencePickerOptions & { chipView: NodeViewRenderer };

/** The shared schema, with the chips drawn by `chipView` (same nodes and attributes, so the same schema). */
function withChipView(chipView: NodeViewRenderer): AnyExtension[] {
  return sectionSchemaExtensions().map((extension) => {
    if (extension === ProjectReference) return ProjectReference.extend({ addNodeView: () => chipView });
    if (extension === IndicatorReference) return IndicatorReference.extend({ addNodeView: () => chipView });
    return extension;
  });
}

/**
 * The browser editor of a section body: the shared schema bound to the session's Y.Doc, with other
 * people's carets labelled "name · department" in the colour the server gave them. `userName` only
 * fills our own awareness state; the server replaces it with the session's identity. With
 * `references`, chips show live figures and typing `@` / `#` offers projects / indicators.
 */
export function collaborativeSectionExtensions(options: {
  session: SectionSession;
  userName: string;
  onLinkShortcut: () => void;
  references?: ReferenceChipOptions;
}): AnyExtension[] {
  const { references } = options;
  return [
    ...(references ? withChipView(references.chipView) : sectionSchemaExtensions()),
    Collaboration.configure({ document: options.session.doc, field: SECTION_FRAGMENT }),
    CollaborationCaret.configure({
      provider: options.session.provider,
      user: { name: options.userName },
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    LinkShortcut.configure({ onOpen: options.onLinkShortcut }),
    ...(references ? [ReferencePickerExtension.configure({ picker: references.picker, search: references.search })] : []),
  ];
}
