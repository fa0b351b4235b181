import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { attributionToWire, extractAttribution } from "@/server/collab/attribution";
import {
  applyDiffState,
  base64ToBytes,
  colorDefOf,
  colorMappingOf,
  keepAttributesOfRemovedElements,
  permanentUserDataFromWire,
  updatablePermanentUserData,
} from "./diff-client";
import { diffBlocks } from "./diff";

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A server document with one paragraph, and two browsers whose updates are logged with their user. */
function setup(text: string) {
  const server = new Y.Doc({ gc: false });
  server.clientID = 1;
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  server.getXmlFragment("default").insert(0, [paragraph]);
  const log: { update: Uint8Array; userId: string }[] = [];
  const browser = (userId: string, clientId: number) => {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === "server") return;
      log.push({ update, userId });
      Y.applyUpdate(server, update);
    });
    return doc;
  };
  const sync = (doc: Y.Doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)), "server");
  const textOf = (doc: Y.Doc) => (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
  return { server, log, browser, sync, textOf };
}

describe("permanentUserDataFromWire", () => {
  it("names the author of inserted text by client id and the deleter of removed text by delete set", () => {
    const { server, log, browser, sync, textOf } = setup("全市规模以上工业企业");
    const zhang = browser("user-zhang", 101);
    const li = browser("user-li", 202);
    const before = Y.snapshot(server);
    textOf(zhang).insert(10, "达到1567家");
    sync(li);
    textOf(li).delete(2, 4); // "规模以上"
    const after = Y.snapshot(server);

    const pud = permanentUserDataFromWire(attributionToWire(extractAttribution(log)));
    expect(pud.getUserByClientId(101)).toBe("user-zhang");
    expect(pud.getUserByClientId(202)).toBeNull();
    expect(pud.getUserByClientId(1)).toBeNull();
    expect([...pud.dss.keys()]).toEqual(["user-li"]);

    // Exactly what y-tiptap asks while rendering the text of the paragraph between the snapshots.
    const delta = textOf(server).toDelta(after, before, (type: "added" | "removed", id: Y.ID) => ({
      type,
      user: type === "added" ? pud.getUserByClientId(id.client) : pud.getUserByDeletedId(id),
    }));
    expect(delta).toEqual([
      { insert: "全市" },
      { insert: "规模以上", attributes: { ychange: { type: "removed", user: "user-li" } } },
      { insert: "工业企业" },
      { insert: "达到1567家", attributes: { ychange: { type: "added", user: "user-zhang" } } },
    ]);
  });

  it("answers null for a deletion nobody is recorded for", () => {
    const pud = permanentUserDataFromWire({ authors: [[7, "user-a"]], deletions: [] });
    expect(pud.getUserByDeletedId(Y.createID(7, 0))).toBeNull();
    expect(pud.getUserByClientId(7)).toBe("user-a");
  });
});

describe("applyDiffState, first answer", () => {
  it("rebuilds the whole document and both snapshots, and an empty snapshot when there is nothing to compare with", () => {
    const doc = new Y.Doc({ gc: false });
    doc.getXmlFragment("default").insert(0, [new Y.XmlElement("paragraph")]);
    const first = Y.snapshot(doc);
    doc.getXmlFragment("default").insert(1, [new Y.XmlElement("heading")]);
    const wire = { state: toBase64(Y.encodeStateAsUpdate(doc)), from: { snapshot: toBase64(Y.encodeSnapshot(first)) }, to: { snapshot: toBase64(Y.encodeSnapshot(Y.snapshot(doc))) } };

    const rebuilt = new Y.Doc({ gc: false });
    const pair = applyDiffState(rebuilt, wire);
    expect(rebuilt.getXmlFragment("default").length).toBe(2);
    expect(Y.equalSnapshots(pair.prevSnapshot, first)).toBe(true);
    expect(Y.equalSnapshots(pair.snapshot, Y.snapshot(doc))).toBe(true);

    const fromNothing = applyDiffState(new Y.Doc({ gc: false }), { ...wire, from: null });
    expect(fromNothing.prevSnapshot.sv.size).toBe(0);
    expect(Y.typeListToArraySnapshot(rebuilt.getXmlFragment("default"), fromNothing.prevSnapshot)).toEqual([]);
  });
});

describe("colours and bytes", () => {
  it("decodes base64 like Buffer does", () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 128]);
    expect([...base64ToBytes(toBase64(bytes))]).toEqual([...bytes]);
  });

  it("gives each person a dark colour and a faint background of the same hue", () => {
    expect(colorDefOf("#0369a1")).toEqual({ dark: "#0369a1", light: "#0369a126" });
    expect(colorMappingOf([{ id: "u1", color: "#c2410c" }]).get("u1")).toEqual({ dark: "#c2410c", light: "#c2410c26" });
  });
});

describe("keepAttributesOfRemovedElements", () => {
  /** A heading (level 2) with a chip and a paragraph, then the heading removed and the paragraph's alignment attribute cleared. */
  function removedHeading() {
    const doc = new Y.Doc({ gc: false });
    const fragment = doc.getXmlFragment("default");
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 2 as unknown as string);
    const chip = new Y.XmlElement("projectRef");
    chip.setAttribute("id", "project-1");
    heading.insert(0, [new Y.XmlText("发展基础"), chip]);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.setAttribute("textAlign", "center");
    paragraph.insert(0, [new Y.XmlText("正文")]);
    fragment.insert(0, [heading, paragraph]);
    const prev = Y.snapshot(doc);
    fragment.delete(0, 1);
    paragraph.removeAttribute("textAlign");
    return { fragment, heading, chip, paragraph, prev, next: Y.snapshot(doc) };
  }

  it("lets a removed element show its attributes while it stays removed", () => {
    const { fragment, heading, chip, paragraph, prev, next } = removedHeading();
    expect(heading.getAttributes(next)).toEqual({}); // what y-tiptap would render: a level-less heading, an id-less chip
    const adjusted = keepAttributesOfRemovedElements(fragment, prev, next);
    expect(heading.getAttributes(adjusted)).toEqual({ level: 2 });
    expect(chip.getAttributes(adjusted)).toEqual({ id: "project-1" });
    expect(Y.isDeleted(adjusted.ds, heading._item!.id)).toBe(true);
    expect(Y.isDeleted(adjusted.ds, chip._item!.id)).toBe(true);
    // An element still there keeps its own attribute removal.
    expect(paragraph.getAttributes(adjusted)).toEqual({});
    expect(Y.typeListToArraySnapshot(fragment, adjusted)).toEqual([paragraph]);
  });

  it("leaves the snapshot alone when nothing was removed", () => {
    const { fragment, prev } = removedHeading();
    expect(keepAttributesOfRemovedElements(fragment, prev, prev)).toBe(prev);
  });

  it("is what the server's format report agrees with: removed blocks are not format changes", () => {
    const { fragment, prev, next } = removedHeading();
    const blocks = diffBlocks(fragment, prev, next, { insertedBy: () => "u", deletedBy: () => "u" });
    const removed = blocks.filter((block) => block.change?.type === "removed");
    expect(removed.map((block) => block.path.at(-1))).toEqual(["heading", "projectRef"]);
    expect(removed.flatMap((block) => block.attributes)).toEqual([]);
    expect(blocks.find((block) => block.path.at(-1) === "paragraph")!.attributes).toEqual([
      { key: "textAlign", before: "center", after: null, user: null },
    ]);
  });
});

describe("updatablePermanentUserData", () => {
  it("answers from the latest attribution it was given", () => {
    const pud = updatablePermanentUserData({ authors: [[1, "a"]], deletions: [] });
    expect(pud.getUserByClientId(2)).toBeNull();
    const written = new Y.Doc();
    written.clientID = 2;
    written.getText("t").insert(0, "abc");
    written.getText("t").delete(0, 3);
    const ds = Y.createDeleteSetFromStructStore(written.store);
    pud.update({ authors: [[1, "a"], [2, "b"]], deletions: [["b", toBase64(Y.encodeSnapshot(Y.createSnapshot(ds, new Map())))]] });
    expect(pud.getUserByClientId(2)).toBe("b");
    expect(pud.getUserByDeletedId(Y.createID(2, 1))).toBe("b");
    expect([...pud.dss.keys()]).toEqual(["b"]);
  });
});

describe("applyDiffState", () => {
  it("merges a newer state of the same section into the document already shown", () => {
    const source = new Y.Doc({ gc: false });
    const text = new Y.XmlText("许昌");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [text]);
    source.getXmlFragment("default").insert(0, [paragraph]);
    const wireOf = () => ({ state: toBase64(Y.encodeStateAsUpdate(source)), from: null, to: { snapshot: toBase64(Y.encodeSnapshot(Y.snapshot(source))) } });
    const doc = new Y.Doc({ gc: false });
    applyDiffState(doc, wireOf());
    text.insert(2, "智造");
    const { snapshot } = applyDiffState(doc, wireOf());
    const shown = (doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(shown.toString()).toBe("许昌智造");
    expect(Y.equalSnapshots(snapshot, Y.snapshot(source))).toBe(true);
  });
});
