import * as Y from "yjs";
import type { Random } from "./random";

/** The body fragment as the editor stores it (Tiptap's Collaboration default field). */
export const bodyOf = (doc: Y.Doc) => doc.getXmlFragment("default");

const alphabet = "abcxyz 规划许昌智造，。";

function randomText(random: Random, maxLength: number): string {
  return Array.from({ length: random.int(1, maxLength) }, () => random.pick([...alphabet])).join("");
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** The XmlText of a random paragraph, or null when the body has none. */
function randomParagraphText(body: Y.XmlFragment, random: Random): Y.XmlText | null {
  const texts = body
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement ? node.toArray() : []))
    .filter((node): node is Y.XmlText => node instanceof Y.XmlText);
  return texts.length ? random.pick(texts) : null;
}

/**
 * One random edit of a section body, as a person typing in the editor would make it: text typed,
 * deleted or made bold inside a paragraph, or whole paragraphs added and removed.
 */
export function applyRandomEdit(doc: Y.Doc, random: Random): void {
  const body = bodyOf(doc);
  const roll = random.next();
  const text = randomParagraphText(body, random);
  if (roll < 0.15 || !text) {
    body.insert(random.int(0, body.length), [paragraph(randomText(random, 6))]);
  } else if (roll < 0.25 && body.length > 1) {
    const index = random.int(0, body.length - 1);
    body.delete(index, Math.min(random.int(1, 2), body.length - index));
  } else if (roll < 0.65) {
    text.insert(random.int(0, text.length), randomText(random, 4));
  } else if (roll < 0.9) {
    if (text.length === 0) return;
    const index = random.int(0, text.length - 1);
    text.delete(index, Math.min(random.int(1, 3), text.length - index));
  } else {
    if (text.length === 0) return;
    const index = random.int(0, text.length - 1);
    text.format(index, Math.min(random.int(1, 4), text.length - index), { bold: random.chance(0.7) ? true : null });
  }
}
