import { Extension, type AnyExtension } from "@tiptap/core";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { renderCaret, renderSelection } from "./caret";
import { SECTION_FRAGMENT, sectionSchemaExtensions } from "./extensions";
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

/**
 * The browser editor of a section body: the shared schema bound to the session's Y.Doc, with other
 * people's carets labelled "name · department" in the colour the server gave them. `userName` only
 * fills our own awareness state; the server replaces it with the session's identity.
 */
export function collaborativeSectionExtensions(options: {
  session: SectionSession;
  userName: string;
  onLinkShortcut: () => void;
}): AnyExtension[] {
  return [
    ...sectionSchemaExtensions(),
    Collaboration.configure({ document: options.session.doc, field: SECTION_FRAGMENT }),
    CollaborationCaret.configure({
      provider: options.session.provider,
      user: { name: options.userName },
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    LinkShortcut.configure({ onOpen: options.onLinkShortcut }),
  ];
}
