import { getSchema, Mark } from "@tiptap/core";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, initProseMirrorDoc, ProsemirrorBinding, prosemirrorJSONToYXmlFragment, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { absolutePositionAt, type AnchorSource, type EncodedAnchors, encodeRangeAnchors, resolveRangeAnchors } from "./comment-anchors";
import { sectionSchemaExtensions } from "./extensions";
import { SECTION_FRAGMENT } from "./names";

const schema = getSchema(sectionSchemaExtensions());
const project = "7d6b3a10-2f0e-4a57-8c6e-5b8f1e2d3c04";

const text = (value: string) => ({ type: "text", text: value });
const paragraph = (...content: unknown[]) => ({ type: "paragraph", content });
const chip = { type: "projectRef", attrs: { id: project } };

const body = [
  { type: "heading", attrs: { level: 2 }, content: [text("发展目标")] },
  paragraph(text("到2025年，全市工业增加值 alpha beta gamma 持续增长。")),
  paragraph(text("重点项目"), chip, text("按期推进 delta epsilon。")),
  { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("培育 zeta 企业"))] }] },
  { type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [paragraph(text("指标 eta 值"))] }] }] },
];

function docOf(blocks: unknown[], options: { gc?: boolean } = {}): Y.Doc {
  const doc = new Y.Doc({ gc: options.gc ?? true });
  prosemirrorJSONToYXmlFragment(schema, { type: "doc", content: blocks }, doc.getXmlFragment(SECTION_FRAGMENT));
  return doc;
}

/** What a live editor bound to `doc` shows (y-tiptap's own conversion). */
function render(doc: Y.Doc) {
  return { pmDoc: initProseMirrorDoc(doc.getXmlFragment(SECTION_FRAGMENT), schema).doc };
}

const liveSource = (doc: Y.Doc): AnchorSource => ({ fragment: doc.getXmlFragment(SECTION_FRAGMENT), schema, snapshots: null });

/** The ProseMirror range of the first occurrence of `needle` inside one text node. */
function rangeOf(pmDoc: ProseMirrorNode, needle: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  pmDoc.descendants((node, pos) => {
    if (found || !node.isText) return !found;
    const index = node.text!.indexOf(needle);
    if (index >= 0) found = { from: pos + index, to: pos + index + needle.length };
    return false;
  });
  if (!found) throw new Error(`"${needle}" not in the document`);
  return found;
}

function anchor(doc: Y.Doc, needle: string): EncodedAnchors {
  const { pmDoc } = render(doc);
  const { from, to } = rangeOf(pmDoc, needle);
  const anchors = encodeRangeAnchors(liveSource(doc), from, to);
  if (!anchors) throw new Error("no anchors");
  return anchors;
}

/** The text the anchors bracket now, or null when it is gone. */
function anchoredText(doc: Y.Doc, anchors: EncodedAnchors): string | null {
  const { pmDoc } = render(doc);
  const range = resolveRangeAnchors(liveSource(doc), anchors);
  return range && pmDoc.textBetween(range.from, range.to, "\n", "[chip]");
}

/** A second participant: a copy of `doc` that edits on its own and is merged back later. */
function peer(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

function merge(target: Y.Doc, ...sources: Y.Doc[]) {
  for (const source of sources) Y.applyUpdate(target, Y.encodeStateAsUpdate(source));
  for (const source of sources) Y.applyUpdate(source, Y.encodeStateAsUpdate(target));
}

/** The XmlText of the n-th top-level paragraph-like block (a fresh lookup in every copy). */
function blockText(doc: Y.Doc, blockIndex: number): Y.XmlText {
  const block = doc.getXmlFragment(SECTION_FRAGMENT).get(blockIndex) as Y.XmlElement;
  return block.get(0) as Y.XmlText;
}

describe("encodeRangeAnchors / resolveRangeAnchors", () => {
  it("round-trips ranges in headings, paragraphs, lists, tables, around chips and across blocks", () => {
    const doc = docOf(body);
    for (const needle of ["发展目标", "beta", "工业增加值 alpha", "delta", "zeta", "eta 值", "到2025年"]) {
      expect(anchoredText(doc, anchor(doc, needle))).toBe(needle);
    }
    const { pmDoc } = render(doc);
    const across = { from: rangeOf(pmDoc, "gamma").from, to: rangeOf(pmDoc, "按期").to };
    const anchors = encodeRangeAnchors(liveSource(doc), across.from, across.to)!;
    expect(anchoredText(doc, anchors)).toBe("gamma 持续增长。\n重点项目[chip]按期");
  });

  it("resolves every text position of the document back to itself", () => {
    const doc = docOf(body);
    const { pmDoc } = render(doc);
    const textPositions: number[] = [];
    pmDoc.descendants((node, pos) => {
      if (node.isText) for (let offset = 0; offset <= node.text!.length; offset++) textPositions.push(pos + offset);
    });
    for (const from of textPositions) {
      const to = textPositions.find((position) => position > from);
      if (to === undefined) continue;
      const anchors = encodeRangeAnchors(liveSource(doc), from, to)!;
      expect(resolveRangeAnchors(liveSource(doc), anchors)).toEqual({ from, to });
    }
  });

  it("resolves y-tiptap's own relative positions where y-tiptap does", () => {
    const doc = docOf(body);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    const { doc: pmDoc, mapping } = initProseMirrorDoc(fragment, schema);
    // y-tiptap takes positions 0 and 1 in text for misresolved; ours resolve them as they are.
    for (let pos = 2; pos <= pmDoc.content.size; pos++) {
      const position = absolutePositionToRelativePosition(pos, fragment, mapping) as Y.RelativePosition;
      expect(absolutePositionAt(liveSource(doc), position)).toBe(relativePositionToAbsolutePosition(doc, fragment, position, mapping));
    }
  });

  it("refuses an empty range and positions outside the text", () => {
    const doc = docOf(body);
    expect(encodeRangeAnchors(liveSource(doc), 5, 5)).toBeNull();
    expect(encodeRangeAnchors(liveSource(doc), 5, 100_000)).toBeNull();
  });

  it("keeps bracketing the same words through concurrent edits before, inside, at the edges and after", () => {
    const doc = docOf(body);
    const anchors = anchor(doc, "beta gamma");
    const paragraphText = blockText(doc, 1).toString();
    const start = paragraphText.indexOf("beta gamma");
    const end = start + "beta gamma".length;

    const earlier = peer(doc);
    earlier.transact(() => blockText(earlier, 0).insert(0, "新的"));
    const before = peer(doc);
    before.transact(() => blockText(before, 1).insert(2, "（修订）"));
    const atStart = peer(doc);
    atStart.transact(() => blockText(atStart, 1).insert(start, ">>"));
    const inside = peer(doc);
    inside.transact(() => blockText(inside, 1).insert(start + "beta".length, " 插入"));
    const atEnd = peer(doc);
    atEnd.transact(() => blockText(atEnd, 1).insert(end, "<<"));
    const after = peer(doc);
    after.transact(() => blockText(after, 2).insert(0, "另起"));

    merge(doc, earlier, before, atStart, inside, atEnd, after);
    expect(blockText(doc, 1).toString()).toContain(">>beta 插入 gamma<<");
    expect(anchoredText(doc, anchors)).toBe("beta 插入 gamma");
    // Every copy agrees.
    expect(anchoredText(after, anchors)).toBe("beta 插入 gamma");
  });

  it("follows a partly deleted range and gives null once all of it is deleted", () => {
    const doc = docOf(body);
    const anchors = anchor(doc, "beta gamma");
    const start = blockText(doc, 1).toString().indexOf("beta gamma");

    const trimmer = peer(doc);
    trimmer.transact(() => blockText(trimmer, 1).delete(start, "beta ".length));
    merge(doc, trimmer);
    expect(anchoredText(doc, anchors)).toBe("gamma");

    const remover = peer(doc);
    remover.transact(() => blockText(remover, 1).delete(start, "gamma".length));
    merge(doc, remover);
    expect(anchoredText(doc, anchors)).toBeNull();
  });

  it("gives null when the paragraph holding the range is deleted", () => {
    const doc = docOf(body);
    const anchors = anchor(doc, "delta");
    const remover = peer(doc);
    remover.transact(() => remover.getXmlFragment(SECTION_FRAGMENT).delete(2, 1));
    merge(doc, remover);
    expect(anchoredText(doc, anchors)).toBeNull();
    expect(anchoredText(doc, anchor(doc, "zeta"))).toBe("zeta");
  });
});

describe("relative positions in a section's XmlText (the Yjs level)", () => {
  it("still bracket the same words after concurrent edits from other documents", () => {
    const doc = docOf([paragraph(text("一二三 目标词语 四五六"))]);
    const xmlText = blockText(doc, 0);
    const from = xmlText.toString().indexOf("目标词语");
    const to = from + "目标词语".length;
    const start = Y.createRelativePositionFromTypeIndex(xmlText, from, 0);
    const end = Y.createRelativePositionFromTypeIndex(xmlText, to, -1);

    const a = peer(doc);
    a.transact(() => blockText(a, 0).insert(0, "前文"));
    const b = peer(doc);
    b.transact(() => blockText(b, 0).insert(from + 2, "和"));
    const c = peer(doc);
    c.transact(() => blockText(c, 0).insert(to, "后文"));
    merge(doc, a, b, c);

    const startNow = Y.createAbsolutePositionFromRelativePosition(start, doc)!;
    const endNow = Y.createAbsolutePositionFromRelativePosition(end, doc)!;
    expect(startNow.type).toBe(blockText(doc, 0));
    expect(blockText(doc, 0).toString().slice(startNow.index, endNow.index)).toBe("目标和词语");
  });
});

describe("anchors taken in a diff view (y-tiptap snapshot mode)", () => {
  it("counts the deleted text the view shows and resolves in the live text", () => {
    const doc = docOf([paragraph(text("AAA BBB CCC"))], { gc: false });
    const before = Y.snapshot(doc);
    blockText(doc, 0).delete(4, 4);
    const now = Y.snapshot(doc);
    expect(blockText(doc, 0).toString()).toBe("AAA CCC");
    const diffView: AnchorSource = { fragment: doc.getXmlFragment(SECTION_FRAGMENT), schema, snapshots: { snapshot: now, prevSnapshot: before } };

    // The diff shows "AAA BBB CCC" (BBB struck through): "CCC" is at 1 + 8.
    const anchors = encodeRangeAnchors(diffView, 9, 12)!;
    expect(anchoredText(doc, anchors)).toBe("CCC");
    expect(anchoredText(doc, encodeRangeAnchors(diffView, 5, 8)!)).toBeNull();
  });

  it("leaves out characters neither snapshot saw, even inside one Yjs item", () => {
    const doc = docOf([paragraph(text("AAA BBB CCC"))], { gc: false });
    const then = Y.snapshot(doc);
    // Appended by the same client right after: Yjs merges it into the same item.
    blockText(doc, 0).insert(11, " DDD");
    blockText(doc, 0).insert(0, "ZZZ ");
    const historical: AnchorSource = { fragment: doc.getXmlFragment(SECTION_FRAGMENT), schema, snapshots: { snapshot: then, prevSnapshot: Y.emptySnapshot } };
    expect(anchoredText(doc, encodeRangeAnchors(historical, 9, 12)!)).toBe("CCC");
    expect(encodeRangeAnchors(historical, 9, 16)).toBeNull();
  });
});

/** The mark y-tiptap puts on added / removed text in a diff (the review page's schema has it too). */
const YChange = Mark.create({
  name: "ychange",
  addAttributes: () => ({ user: { default: null }, type: { default: null }, color: { default: null } }),
});
const diffSchema = getSchema([...sectionSchemaExtensions(), YChange]);

/** What y-tiptap's snapshot mode draws for `doc` between two snapshots (its own renderer, with a stand-in view). */
function renderDiff(doc: Y.Doc, snapshot: Y.Snapshot, prevSnapshot: Y.Snapshot): ProseMirrorNode {
  const view = {
    state: EditorState.create({ schema: diffSchema }),
    dispatch(tr: Transaction) {
      view.state = view.state.apply(tr);
    },
    hasFocus: () => false,
  };
  const binding = new ProsemirrorBinding(doc.getXmlFragment(SECTION_FRAGMENT));
  binding.initView(view as never);
  const people = { dss: new Map(), getUserByClientId: () => "someone", getUserByDeletedId: () => "someone" };
  (binding as unknown as { _renderSnapshot: (...args: unknown[]) => void })._renderSnapshot(snapshot, prevSnapshot, { permanentUserData: people, colorMapping: new Map(), colors: [] });
  binding.destroy();
  return view.state.doc;
}

describe("anchors in y-tiptap's own diff rendering", () => {
  it("lead every shown word back to the live text, and removed words to nothing", () => {
    const doc = docOf([paragraph(text("AAA BBB CCC")), paragraph(text("DDD")), paragraph(text("EEE"))], { gc: false });
    const before = Y.snapshot(doc);
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    blockText(doc, 0).delete(4, 4);
    fragment.delete(1, 1);
    blockText(doc, 1).insert(3, " XX");
    const added = new Y.XmlElement("paragraph");
    added.insert(0, [new Y.XmlText("FFF")]);
    fragment.insert(2, [added]);
    // Added and removed in between: neither side shows it.
    const transient = new Y.XmlElement("paragraph");
    transient.insert(0, [new Y.XmlText("GGG")]);
    fragment.insert(0, [transient]);
    fragment.delete(0, 1);
    const now = Y.snapshot(doc);

    const shown = renderDiff(doc, now, before);
    expect(shown.textBetween(0, shown.content.size, "|")).toBe("AAA BBB CCC|DDD|EEE XX|FFF");
    const diffView: AnchorSource = { fragment, schema: diffSchema, snapshots: { snapshot: now, prevSnapshot: before } };
    const expected: Record<string, string | null> = { AAA: "AAA", BBB: null, CCC: "CCC", DDD: null, XX: "XX", FFF: "FFF", "CCC|DDD|EEE": "CCC\nEEE" };
    for (const [needle, live] of Object.entries(expected)) {
      const [first, ...rest] = needle.split("|");
      const from = rangeOf(shown, first!).from;
      const to = rangeOf(shown, rest.length ? rest.at(-1)! : first!).to;
      expect(anchoredText(doc, encodeRangeAnchors(diffView, from, to)!), needle).toBe(live);
    }
  });
});
