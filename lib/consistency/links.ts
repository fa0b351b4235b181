/**
 * Which tracked entities a section body cites.
 *
 * A section body is a Tiptap/ProseMirror JSON document. Indicators and projects are cited with
 * inline atom nodes ("chips") that store only the entity id:
 * `{ type: "indicatorRef", attrs: { id } }` and `{ type: "projectRef", attrs: { id } }`.
 */

/**
 * A ProseMirror/Tiptap JSON node, e.g. `{ type: "doc", content: [...] }`. Structurally the same
 * as the seed's `DocNode`. Documents come from storage and collaborating clients, so every
 * function here treats the shape as untrusted and never throws on malformed nodes.
 */
export type DocJson = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};

import { INDICATOR_REF, PROJECT_REF } from "@/lib/editor/names";

export { INDICATOR_REF, PROJECT_REF };

/** The ids a document cites, each list distinct and in document order (first occurrence). */
export type References = { indicators: string[]; projects: string[] };

/**
 * The id of a chip node, or null when `node` is not a chip or its id is missing, not a string,
 * or blank.
 */
export function chipOf(node: unknown): { kind: "indicator" | "project"; id: string } | null {
  if (!isObject(node)) return null;
  const kind =
    node.type === INDICATOR_REF ? "indicator" : node.type === PROJECT_REF ? "project" : null;
  if (!kind) return null;
  const attrs = node.attrs;
  if (!isObject(attrs)) return null;
  const id = attrs.id;
  if (typeof id !== "string" || id.trim() === "") return null;
  return { kind, id };
}

/**
 * Children of a node, or an empty list when `content` is absent or not an array.
 */
export function childrenOf(node: unknown): unknown[] {
  if (!isObject(node)) return [];
  return Array.isArray(node.content) ? node.content : [];
}

/**
 * Distinct indicator and project ids cited by `doc`, in document order, found anywhere in the
 * tree (nested lists, tables, …). Malformed nodes are skipped.
 */
export function extractReferences(doc: DocJson): References {
  const indicators = new Set<string>();
  const projects = new Set<string>();
  // Iterative pre-order walk: deep nesting cannot overflow the stack, and `seen` guards against
  // object graphs that reuse a node (harmless) or contain a cycle (would loop forever).
  const seen = new Set<object>();
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node) || seen.has(node)) continue;
    seen.add(node);
    const chip = chipOf(node);
    if (chip) (chip.kind === "indicator" ? indicators : projects).add(chip.id);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { indicators: [...indicators], projects: [...projects] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
