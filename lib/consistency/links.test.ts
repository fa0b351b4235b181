import { describe, expect, it } from "vitest";
import { extractReferences, type DocJson } from "./links";

const text = (t: string): DocJson => ({ type: "text", text: t });
const ind = (id: string): DocJson => ({ type: "indicatorRef", attrs: { id } });
const proj = (id: string): DocJson => ({ type: "projectRef", attrs: { id } });
const p = (...content: DocJson[]): DocJson => ({ type: "paragraph", content });
const li = (...content: DocJson[]): DocJson => ({ type: "listItem", content });
const doc = (...content: DocJson[]): DocJson => ({ type: "doc", content });

describe("extractReferences", () => {
  it("finds chips in paragraphs and headings, in document order", () => {
    const d = doc(
      { type: "heading", attrs: { level: 3 }, content: [text("基础 "), ind("i-2")] },
      p(text("截至 2020 年，全市"), ind("i-1"), text("达到 1567 家，"), proj("p-1"), text("可年产服务器 36 万台")),
    );
    expect(extractReferences(d)).toEqual({ indicators: ["i-2", "i-1"], projects: ["p-1"] });
  });

  it("walks nested lists and tables", () => {
    const cell = (type: string, ...content: DocJson[]): DocJson => ({ type, content: [p(...content)] });
    const d = doc(
      {
        type: "bulletList",
        content: [
          li(p(text("上云企业"), ind("i-a"))),
          li(
            p(text("外层")),
            { type: "orderedList", attrs: { start: 1 }, content: [li(p(proj("p-deep"), text("58 天")))] },
          ),
        ],
      },
      {
        type: "table",
        content: [
          { type: "tableRow", content: [cell("tableHeader", text("指标")), cell("tableHeader", text("数值"))] },
          { type: "tableRow", content: [cell("tableCell", ind("i-t")), cell("tableCell", text("1567 家"))] },
          { type: "tableRow", content: [cell("tableCell", proj("p-t")), cell("tableCell", text("11 个"))] },
        ],
      },
    );
    expect(extractReferences(d)).toEqual({ indicators: ["i-a", "i-t"], projects: ["p-deep", "p-t"] });
  });

  it("lists each id once, at its first occurrence", () => {
    const d = doc(p(ind("b"), ind("a"), ind("b")), p(proj("x"), ind("a"), proj("x"), ind("c")));
    expect(extractReferences(d)).toEqual({ indicators: ["b", "a", "c"], projects: ["x"] });
  });

  it("keeps indicator and project ids apart even when they are equal strings", () => {
    expect(extractReferences(doc(p(ind("same"), proj("same"))))).toEqual({
      indicators: ["same"],
      projects: ["same"],
    });
  });

  it("skips malformed chips and nodes without throwing", () => {
    const malformed = [
      { type: "indicatorRef" },
      { type: "indicatorRef", attrs: null },
      { type: "indicatorRef", attrs: { id: 42 } },
      { type: "projectRef", attrs: { id: "" } },
      { type: "projectRef", attrs: { id: "   " } },
      { type: "projectRef", attrs: "p-9" },
      null,
      "text",
      42,
      { content: "not an array" },
      { type: "paragraph", content: [null, { type: "indicatorRef", attrs: { id: "ok" } }] },
    ] as unknown as DocJson[];
    expect(extractReferences(doc(...malformed))).toEqual({ indicators: ["ok"], projects: [] });
  });

  it("survives a non-object document, a document without content and a cycle", () => {
    expect(extractReferences(null as unknown as DocJson)).toEqual({ indicators: [], projects: [] });
    expect(extractReferences({ type: "doc" })).toEqual({ indicators: [], projects: [] });
    const cyclic: DocJson = doc(p(ind("i-1")));
    cyclic.content!.push(cyclic);
    expect(extractReferences(cyclic)).toEqual({ indicators: ["i-1"], projects: [] });
  });

  it("handles a very deep document", () => {
    let node: DocJson = p(ind("deep"));
    for (let k = 0; k < 20_000; k++) node = { type: "blockquote", content: [node] };
    expect(extractReferences(doc(node)).indicators).toEqual(["deep"]);
  });
});
