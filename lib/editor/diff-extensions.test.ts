import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { diffExtensions, diffSchemaExtensions, tallyChanges, ychangeAttributes } from "./diff-extensions";
import { sectionSchemaExtensions } from "./extensions";

const describeChange = ({ type, user }: { type: "added" | "removed"; user: string | null }) => `${type === "added" ? "插入" : "删除"}：${user ?? "未知"}`;
const endOfChange = (type: "added" | "removed") => (type === "added" ? "插入结束" : "删除结束");
const zhang = { user: "u-zhang", type: "added", color: { dark: "#c2410c", light: "#c2410c26" } } as const;
const li = { user: "u-li", type: "removed", color: { dark: "#0369a1", light: "#0369a126" } } as const;

describe("diff schema", () => {
  const schema = getSchema([...sectionSchemaExtensions(), ...diffExtensions()]);

  it("has the ychange mark y-tiptap writes on text", () => {
    const mark = schema.mark("ychange", zhang);
    expect(mark.attrs).toEqual(zhang);
    expect(schema.text("新增", [mark]).marks.map((each) => each.type.name)).toEqual(["ychange"]);
  });

  it("lets every element node carry a ychange attribute (y-tiptap drops nodes whose schema refuses it)", () => {
    for (const [name, type] of Object.entries(schema.nodes)) {
      if (name === "text") continue;
      expect(Object.keys(type.spec.attrs ?? {}), name).toContain("ychange");
      expect(type.spec.attrs?.ychange?.default, name).toBeNull();
    }
    const paragraph = schema.node("paragraph", { ychange: li }, [schema.text("删掉的一段")]);
    expect(paragraph.attrs.ychange).toEqual(li);
    const row = schema.node("tableRow", { ychange: zhang }, [schema.node("tableCell", { ychange: zhang }, [schema.node("paragraph")])]);
    expect(row.firstChild!.attrs.ychange).toEqual(zhang);
    expect(schema.node("projectRef", { id: "p1", ychange: zhang }).attrs).toEqual({ id: "p1", ychange: zhang });
  });

  it("keeps the ychange mark outermost so runs with bold inside stay one <ins>", () => {
    const names = Object.keys(schema.marks);
    expect(names[0]).toBe("ychange");
    expect(schema.text("x", [schema.marks.bold!.create(), schema.mark("ychange", zhang)]).marks[0]!.type.name).toBe("ychange");
  });
});

describe("rendering a change", () => {
  const schema = getSchema(diffSchemaExtensions({ describeChange, endOfChange, chipLabel: (kind, id) => `${kind}:${id}` }));

  it("writes insertions as <ins> with who did it, spoken before and after the run", () => {
    const spec = schema.marks.ychange!.spec.toDOM!(schema.mark("ychange", zhang), true) as readonly unknown[];
    expect(spec[0]).toBe("ins");
    expect(spec[1]).toMatchObject({
      class: "ychange ychange-added",
      "data-ychange-user": "u-zhang",
      "data-ychange-type": "added",
      title: "插入：u-zhang",
      style: "--ychange-color: #c2410c; --ychange-bg: #c2410c26",
    });
    expect(spec[2]).toEqual(["span", { class: "visually-hidden" }, "插入：u-zhang "]);
    expect(spec[3]).toEqual(["span", 0]);
    expect(spec[4]).toEqual(["span", { class: "visually-hidden" }, " 插入结束"]);
    expect((schema.marks.ychange!.spec.toDOM!(schema.mark("ychange", li), true) as readonly unknown[])[0]).toBe("del");
  });

  it("does not pass a colour that is not a plain hex value into the style", () => {
    expect(ychangeAttributes({ type: "added", user: null, color: { dark: "red; background:url(x)", light: "#fff" } }, { describeChange }, "ychange")).toEqual({
      class: "ychange ychange-added",
      "data-ychange-type": "added",
      title: "插入：未知",
      style: "--ychange-bg: #fff",
    });
    expect(ychangeAttributes(null, { describeChange }, "ychange-node")).toEqual({});
  });

  it("draws chips as their label, saying when the chip itself was inserted", () => {
    const plain = schema.nodes.projectRef!.spec.toDOM!(schema.node("projectRef", { id: "p1" })) as readonly unknown[];
    expect(plain[0]).toBe("span");
    expect(plain[2]).toBe("project:p1");
    const added = schema.nodes.indicatorRef!.spec.toDOM!(schema.node("indicatorRef", { id: "i1", ychange: zhang })) as readonly unknown[];
    expect(added[2]).toEqual(["span", { class: "visually-hidden" }, "插入：u-zhang "]);
    expect(added[3]).toBe("indicator:i1");
  });
});

describe("tallyChanges", () => {
  it("counts inserted and removed characters per person, and lists someone who only added a chip", () => {
    const schema = getSchema(diffSchemaExtensions());
    const doc = schema.node("doc", null, [
      schema.node("paragraph", null, [
        schema.text("全市"),
        schema.text("规模以上", [schema.mark("ychange", li)]),
        schema.text("达到1567家", [schema.mark("ychange", zhang)]),
      ]),
      schema.node("paragraph", { ychange: zhang }, [schema.text("新段落", [schema.mark("ychange", zhang)]), schema.node("projectRef", { id: "p", ychange: zhang })]),
      schema.node("paragraph", null, [schema.text("无人认领", [schema.mark("ychange", { type: "removed", user: null })])]),
    ]);
    const tally = tallyChanges(doc);
    expect(tallyChanges(schema.node("doc", null, [schema.node("paragraph", null, [schema.node("projectRef", { id: "p", ychange: li })])])).get("u-li")).toEqual({
      added: 0,
      removed: 0,
    });
    expect(tally.get("u-zhang")).toEqual({ added: 7 + 3, removed: 0 });
    expect(tally.get("u-li")).toEqual({ added: 0, removed: 4 });
    expect(tally.get(null)).toEqual({ added: 0, removed: 4 });
  });
});
