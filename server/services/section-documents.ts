import { getSchema } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { sectionSchemaExtensions } from "@/lib/editor/extensions";
import { SECTION_FRAGMENT } from "@/lib/editor/names";

let schema: Schema | undefined;

/** The ProseMirror schema of section bodies (built once). */
export function sectionSchema(): Schema {
  schema ??= getSchema(sectionSchemaExtensions());
  return schema;
}

/** Encodes a Tiptap JSON document as the full Yjs state of a new section document. */
export function encodeSectionDocument(json: unknown): Uint8Array {
  // Validates the JSON against the schema: unknown node types throw here, not in a browser later.
  sectionSchema().nodeFromJSON(json);
  const doc = prosemirrorJSONToYDoc(sectionSchema(), json, SECTION_FRAGMENT);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Reads a stored Yjs state (plus pending updates) back as Tiptap JSON. */
export function decodeSectionDocument(state: Uint8Array, updates: Uint8Array[] = []): Record<string, unknown> {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, state);
  for (const update of updates) Y.applyUpdate(doc, update);
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(SECTION_FRAGMENT));
  doc.destroy();
  return json;
}
