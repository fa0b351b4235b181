import * as Y from "yjs";

/**
 * A ~1 MB section document built the way a long section grows: four writers (their own Yjs client
 * ids) appending paragraphs of mixed Chinese/ASCII text in several typing bursts each, with some
 * deletions (tombstones and split items), synced to each other after every paragraph.
 * Deterministic, so every server is given the same bytes.
 */
export function buildLargeSection(targetBytes = 1_000_000): Uint8Array {
  const writers = [0, 1, 2, 3].map((index) => {
    const doc = new Y.Doc();
    doc.clientID = 1_000_000 + index;
    return doc;
  });
  const phrases = [
    "推进先进制造业集群发展，",
    "加快数字化转型与智能化改造，",
    "completed 42 projects in 2024; ",
    "提升产业链供应链韧性和安全水平，",
    "强化企业创新主体地位。",
    "investment target ¥1.2bn, ",
  ];
  let paragraph = 0;
  for (;;) {
    const writer = writers[paragraph % writers.length]!;
    const fragment = writer.getXmlFragment("default");
    const element = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    writer.transact(() => {
      element.insert(0, [text]);
      fragment.push([element]);
    });
    for (let burst = 0; burst < 6; burst++) {
      writer.transact(() => text.insert(text.length, phrases[(paragraph + burst) % phrases.length]!.repeat(2)));
    }
    if (paragraph % 7 === 3) writer.transact(() => text.delete(10, 8));
    if (paragraph % 11 === 5) writer.transact(() => text.format(0, 6, { bold: true }));
    const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(writers[(paragraph + 1) % writers.length]!));
    for (const other of writers) if (other !== writer) Y.applyUpdate(other, update);
    paragraph += 1;
    if (paragraph % 50 === 0 && Y.encodeStateAsUpdate(writer).length >= targetBytes) break;
  }
  // Everyone has everything: any writer's full state is the document.
  for (const a of writers) for (const b of writers) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  const state = Y.encodeStateAsUpdate(writers[0]!);
  for (const writer of writers) writer.destroy();
  return state;
}
