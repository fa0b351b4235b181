import * as Y from "yjs";

/** Nodes that hold no content of their own: a body made only of these (and blank text) is empty. */
const BLANK_CONTAINERS = new Set(["paragraph", "heading", "hardBreak"]);

/**
 * Whether a section body holds nothing worth keeping: no text, no chips, no lists or tables.
 * The server refuses an import into any other body; the browser offers the import only then.
 */
export function isBlankBody(fragment: Y.XmlFragment): boolean {
  const blank = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment): boolean => {
    if (node instanceof Y.XmlText)
      return node.toDelta().every((op: { insert?: unknown }) => typeof op.insert === "string" && op.insert.trim() === "");
    if (node instanceof Y.XmlHook) return false;
    if (node instanceof Y.XmlElement && !BLANK_CONTAINERS.has(node.nodeName)) return false;
    return node.toArray().every(blank);
  };
  return blank(fragment);
}
