import type { AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";

/**
 * The document schema of a section body, shared by the browser editor and the server (seeding,
 * reading documents as JSON). Collaboration replaces StarterKit's own undo/redo.
 */
export function sectionSchemaExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, link: { openOnClick: false } }),
    TableKit.configure({ table: { resizable: false } }),
  ];
}

/** Name of the Y.XmlFragment that holds a section body inside its Yjs document. */
export const SECTION_FRAGMENT = "default";
