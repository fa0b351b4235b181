import type { SectionBodyJson } from "./convert";

type Block = SectionBodyJson["content"][number];

/** Section titles are at most 120 characters (as in the outline editor). */
const MAX_TITLE_LENGTH = 120;

export type SplitSection = { title: string; body: SectionBodyJson };

const textOf = (node: Block): string => (node.text ?? "") + (node.content ?? []).map(textOf).join("");
const hasText = (blocks: Block[]) => blocks.some((block) => textOf(block).trim() !== "");
const titleOf = (heading: Block) => textOf(heading).replace(/\s+/g, " ").trim().slice(0, MAX_TITLE_LENGTH);
const bodyOf = (blocks: Block[]): SectionBodyJson => ({ type: "doc", content: blocks.length > 0 ? blocks : [{ type: "paragraph" }] });

/**
 * Splits a document at its top-level headings (the shallowest heading level it uses): each such
 * heading titles a section whose body is everything up to the next one, deeper headings included.
 * Text before the first heading becomes a first section titled `prefaceTitle`; a document without
 * headings becomes one section titled `fallbackTitle`.
 */
export function splitAtTopHeadings(doc: SectionBodyJson, names: { prefaceTitle: string; fallbackTitle: string }): SplitSection[] {
  const levels = doc.content.filter((block) => block.type === "heading" && titleOf(block) !== "").map((block) => Number(block.attrs?.level ?? 1));
  if (levels.length === 0) return [{ title: names.fallbackTitle.slice(0, MAX_TITLE_LENGTH), body: bodyOf(doc.content) }];
  const top = Math.min(...levels);
  const sections: SplitSection[] = [];
  let current = { title: names.prefaceTitle, blocks: [] as Block[], preface: true };
  const close = () => {
    // The preface exists only when it has text; a titled section is kept even when its body is empty.
    if (!current.preface || hasText(current.blocks)) sections.push({ title: current.title, body: bodyOf(current.blocks) });
  };
  for (const block of doc.content) {
    if (block.type === "heading" && Number(block.attrs?.level ?? 1) === top && titleOf(block) !== "") {
      close();
      current = { title: titleOf(block), blocks: [], preface: false };
    } else current.blocks.push(block);
  }
  close();
  return sections;
}

/**
 * The title of a document written as "# Title" followed by deeper headings (common in Markdown):
 * a first block that is the only heading of the shallowest level. Returns it and the rest.
 */
export function takeLeadingTitle(doc: SectionBodyJson): { title: string | null; doc: SectionBodyJson } {
  const [first, ...rest] = doc.content;
  if (!first || first.type !== "heading") return { title: null, doc };
  const level = Number(first.attrs?.level ?? 1);
  const headings = doc.content.filter((block) => block.type === "heading");
  const unique = headings.filter((block) => Number(block.attrs?.level ?? 1) <= level).length === 1;
  if (!unique || headings.length < 2 || titleOf(first) === "") return { title: null, doc };
  return { title: titleOf(first), doc: { type: "doc", content: rest } };
}

/** Heading levels of a section body in the editor: sections are the page's h2/h3, their text uses H3 and H4. */
const BODY_HEADING_LEVELS = [3, 4];

/**
 * Fits a body's headings to the editor's levels, keeping their order of rank: the shallowest level
 * used becomes H3, every deeper one H4 (a Word 「标题 1」 would otherwise outsize the section's title).
 */
export function fitHeadingLevels(blocks: Block[]): Block[] {
  const levels = new Set<number>();
  const collect = (node: Block) => {
    if (node.type === "heading") levels.add(Number(node.attrs?.level ?? 1));
    node.content?.forEach(collect);
  };
  blocks.forEach(collect);
  const ranked = [...levels].sort((a, b) => a - b);
  const fit = (node: Block): Block => {
    const content = node.content?.map(fit);
    if (node.type !== "heading") return content ? { ...node, content } : node;
    const rank = ranked.indexOf(Number(node.attrs?.level ?? 1));
    return { ...node, attrs: { ...node.attrs, level: BODY_HEADING_LEVELS[Math.min(rank, BODY_HEADING_LEVELS.length - 1)] }, ...(content ? { content } : {}) };
  };
  return blocks.map(fit);
}
