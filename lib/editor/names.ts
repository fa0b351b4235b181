/**
 * Names inside a section's Yjs document, shared by the browser editor and the server. Kept apart
 * from the editor's extensions so that server code reading documents does not load Tiptap and
 * ProseMirror (~60 modules, ~15 MB of a collaboration server's resident memory).
 */

/** Name of the Y.XmlFragment that holds a section body inside its Yjs document. */
export const SECTION_FRAGMENT = "default";

/** Node names of the inline chips that cite tracked projects and indicators (attrs: { id }). */
export const PROJECT_REF = "projectRef";
export const INDICATOR_REF = "indicatorRef";
