import { getSchema } from "@tiptap/core";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { sectionSchemaExtensions } from "./extensions";
import { SECTION_FRAGMENT } from "./names";
import { referencesInDocument, watchSectionReferences } from "./reference-links";

const schema = getSchema(sectionSchemaExtensions());
const indicatorA = "0b0e8f43-3c5f-4c43-9b0e-0d6f4b1c2a01";
const indicatorB = "0b0e8f43-3c5f-4c43-9b0e-0d6f4b1c2a02";
const project = "7d6b3a10-2f0e-4a57-8c6e-5b8f1e2d3c04";

const chip = (type: "indicatorRef" | "projectRef", id: string) => ({ type, attrs: { id } });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });

function docOf(...blocks: unknown[]): Y.Doc {
  return prosemirrorJSONToYDoc(schema, { type: "doc", content: blocks }, SECTION_FRAGMENT);
}

describe("referencesInDocument", () => {
  it("finds chips in paragraphs, lists and tables, each id once in reading order", () => {
    const doc = docOf(
      paragraph({ type: "text", text: "上云企业数" }, chip("indicatorRef", indicatorB), chip("projectRef", project)),
      {
        type: "bulletList",
        content: [{ type: "listItem", content: [paragraph(chip("indicatorRef", indicatorA), chip("indicatorRef", indicatorB))] }],
      },
      {
        type: "table",
        content: [{ type: "tableRow", content: [{ type: "tableCell", content: [paragraph(chip("projectRef", project.toUpperCase()))] }] }],
      },
    );
    expect(referencesInDocument(doc)).toEqual({ projects: [project], indicators: [indicatorB, indicatorA] });
  });

  it("ignores chips whose id is not a UUID", () => {
    const doc = docOf(paragraph(chip("indicatorRef", "seed:indicator:上云企业数")));
    expect(referencesInDocument(doc)).toEqual({ projects: [], indicators: [] });
  });
});

describe("watchSectionReferences", () => {
  it("notifies when the cited ids change, not when only text changes", () => {
    const doc = docOf(paragraph({ type: "text", text: "正文" }));
    const watch = watchSectionReferences(doc);
    const seen: unknown[] = [];
    const unsubscribe = watch.subscribe(() => seen.push(watch.getSnapshot()));

    const first = doc.getXmlFragment(SECTION_FRAGMENT).get(0) as Y.XmlElement;
    (first.get(0) as Y.XmlText).insert(0, "更多");
    expect(seen).toHaveLength(0);

    const element = new Y.XmlElement("indicatorRef");
    element.setAttribute("id", indicatorA);
    first.insert(1, [element]);
    expect(seen).toEqual([{ projects: [], indicators: [indicatorA] }]);

    unsubscribe();
    first.delete(1, 1);
    expect(seen).toHaveLength(1);
    expect(watch.getSnapshot().indicators).toEqual([indicatorA]);
  });
});
