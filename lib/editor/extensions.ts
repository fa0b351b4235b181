import type { AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { TableKit } from "@tiptap/extension-table";
import { IndicatorReference, ProjectReference } from "./reference-nodes";

/**
 * The document schema of a section body, shared by the browser editor and the server (seeding,
 * reading documents as JSON). Collaboration replaces StarterKit's own undo/redo.
 * The trailing-node plugin is off: it appends a paragraph whenever a document ends in a list or a
 * table, so every client that opens such a section would write its own copy of that paragraph
 * (and a read-only client, whose writes the server drops, would drift from everyone else).
 */
export function sectionSchemaExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, trailingNode: false, link: { openOnClick: false } }),
    TableKit.configure({ table: { resizable: false } }),
    ProjectReference,
    IndicatorReference,
  ];
}
