import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { deletedBy, extractAttribution } from "@/server/collab/attribution";
import { changeSize, type ChangeAuthors, diffBlocks } from "./diff";

/** A paragraph body as the editor stores it. */
function seedDocument(text: string): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  return doc;
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;

/**
 * A server document and three browsers (garbage-collected documents, as in the editor). Every
 * update a browser sends is applied to the server's document and logged with its user, as the
 * collaboration server does; `sync` exchanges the browsers' states like the server's broadcast.
 */
function setup(text: string) {
  const server = seedDocument(text);
  server.clientID = 1;
  const log: { update: Uint8Array; userId: string }[] = [];
  const browsers = ["甲", "乙", "丙"].map((userId) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === "server") return;
      log.push({ update, userId });
      Y.applyUpdate(server, update, "browser");
    });
    return { userId, doc };
  });
  const sync = () => {
    for (const browser of browsers) Y.applyUpdate(browser.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(browser.doc)), "server");
  };
  const authors = (): ChangeAuthors => {
    const attribution = extractAttribution(log);
    return { insertedBy: (client) => attribution.authors.get(client) ?? null, deletedBy: (id) => deletedBy(attribution, id) };
  };
  return { server, browsers, sync, authors };
}

describe("attributed diffs", () => {
  it("attributes each insertion and deletion to its author when three people edit one paragraph in the same minute", () => {
    const { server, browsers, sync, authors } = setup("许昌市规模以上工业企业");
    const [a, b, c] = browsers as unknown as [{ doc: Y.Doc }, { doc: Y.Doc }, { doc: Y.Doc }];
    const before = Y.snapshot(server);
    // Concurrently, without seeing each other: 甲 appends, 乙 inserts in the middle, 丙 deletes "规模以上".
    textOf(a.doc).insert(11, "达到1567家");
    textOf(b.doc).insert(3, "（含县区）");
    textOf(c.doc).delete(3, 4);
    sync();
    const middle = Y.snapshot(server);
    // Then, seeing everything: 丙 deletes part of 乙's text, 甲 types inside 乙's insertion.
    textOf(c.doc).delete(5, 2);
    sync();
    textOf(a.doc).insert(textOf(a.doc).toString().indexOf("）"), "等");
    sync();
    for (const browser of browsers) expect(textOf(browser.doc).toString()).toBe(textOf(server).toString());
    expect(textOf(server).toString()).toBe("许昌市（含等）工业企业达到1567家");

    const blocks = diffBlocks(server.getXmlFragment("default"), before, Y.snapshot(server), authors());
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.spans).toEqual([
      { text: "许昌市", change: null },
      { text: "（含", change: { type: "added", user: "乙" } },
      { text: "等", change: { type: "added", user: "甲" } },
      { text: "）", change: { type: "added", user: "乙" } },
      { text: "规模以上", change: { type: "removed", user: "丙" } },
      { text: "工业企业", change: null },
      { text: "达到1567家", change: { type: "added", user: "甲" } },
    ]);
    // 乙's "县区", written and deleted again between the two snapshots, is in neither: not shown.
    expect(changeSize(blocks)).toEqual({ added: 2 + 1 + 1 + 7, removed: 4, blocksChanged: 1 });
    // Compared from the point where "县区" existed, its removal is 丙's.
    const later = diffBlocks(server.getXmlFragment("default"), middle, Y.snapshot(server), authors());
    expect(later[0]!.spans.filter((span) => span.change)).toEqual([
      { text: "县区", change: { type: "removed", user: "丙" } },
      { text: "等", change: { type: "added", user: "甲" } },
    ]);
  });

  it("shows a paragraph turned into a heading and a heading's new level, with who changed it", () => {
    const { server, browsers, sync, authors } = setup("发展目标");
    const [a, b] = browsers as unknown as [{ doc: Y.Doc }, { doc: Y.Doc }];
    const second = new Y.XmlElement("heading");
    second.setAttribute("level", 2 as unknown as string);
    second.insert(0, [new Y.XmlText("重点任务")]);
    server.getXmlFragment("default").push([second]);
    sync();
    const before = Y.snapshot(server);
    // 甲 changes the heading's level; 乙 turns the paragraph into a heading (the editor replaces the element).
    (a.doc.getXmlFragment("default").get(1) as Y.XmlElement).setAttribute("level", 3 as unknown as string);
    b.doc.transact(() => {
      const fragment = b.doc.getXmlFragment("default");
      const heading = new Y.XmlElement("heading");
      heading.setAttribute("level", 2 as unknown as string);
      heading.insert(0, [new Y.XmlText("发展目标")]);
      fragment.delete(0, 1);
      fragment.insert(0, [heading]);
    });
    sync();
    const blocks = diffBlocks(server.getXmlFragment("default"), before, Y.snapshot(server), authors());
    expect(blocks.map((block) => [block.path.join(">"), block.change])).toEqual([
      ["heading", { type: "added", user: "乙" }],
      ["paragraph", { type: "removed", user: "乙" }],
      ["heading", null],
    ]);
    expect(blocks[2]!.attributes).toEqual([{ key: "level", before: 2, after: 3, user: "甲" }]);
    expect(changeSize(blocks).blocksChanged).toBe(3);
  });
});
