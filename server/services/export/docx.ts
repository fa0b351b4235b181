import {
  AlignmentType,
  BorderStyle,
  DeletedTextRun,
  Document,
  ExternalHyperlink,
  Footer,
  InsertedTextRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  type IRunOptions,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { hasAppendix, indicatorColumnWidths, indicatorRow, projectColumnWidths, projectRow, subtitleLines } from "@/lib/export/appendix";
import type { ExportModel, ExportNode } from "@/lib/export/document";
import { exportVocabulary as words } from "@/lib/export/vocabulary";
import { withNamedFonts } from "./fonts";

const twipsOfMm = (mm: number) => Math.round((mm * 1440) / 25.4);

/**
 * The page and type of GB/T 9704-2012 as Word can hold it: A4, 版心 156 × 225 mm (margins top 37,
 * bottom 35, left 28, right 26 mm), body in 仿宋_GB2312 三号 at 22 lines a page (exact 29 pt),
 * title in 方正小标宋简体 二号, headings 黑体 / 楷体_GB2312 / 仿宋_GB2312 by depth, page numbers in
 * 宋体 四号 as 「— 1 —」 (odd pages right, even pages left, one character in from the edge).
 */
export const gongwenLayout = {
  page: { width: 11906, height: 16838 },
  margin: { top: twipsOfMm(37), bottom: twipsOfMm(35), left: twipsOfMm(28), right: twipsOfMm(26) },
  /** Page numbers sit 7 mm below the text block: the footer's bottom edge about 23 mm from the page edge. */
  footer: twipsOfMm(23),
  fonts: {
    title: "方正小标宋简体",
    body: "仿宋_GB2312",
    heading1: "黑体",
    heading2: "楷体_GB2312",
    pageNumber: "宋体",
    latin: "Times New Roman",
  },
  /** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
  size: { title: 44, body: 32, pageNumber: 28, table: 24 },
  /** Exact line pitch in twips: 225 mm / 22 lines ≈ 29 pt. */
  line: 580,
  /** One character of 三号 text, in twips (16 pt). */
  char: 320,
} as const;

const textWidth = gongwenLayout.page.width - gongwenLayout.margin.left - gongwenLayout.margin.right;

/** Named fonts, Latin text and digits in Times New Roman (fonts are named, never embedded). */
const font = (eastAsia: string, latin: string = gongwenLayout.fonts.latin) => ({ ascii: latin, hAnsi: latin, eastAsia, cs: latin });

const exactLine = { line: gongwenLayout.line, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const tableLine = { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const headingStyleOf = (depth: number) => `Heading${Math.min(depth, 3) + 1}`;

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Revision marks need an id each and a date; one document counts its own. */
type RenderContext = {
  revision: { next: number; date: string };
  /** Text inside a table cell: smaller, single-spaced, no first-line indent. */
  inTable: boolean;
  /** Indentation (characters) of the current list / quote level. */
  indentChars: number;
};

function runOptions(node: ExportNode, context: RenderContext): IRunOptions {
  const marks = new Set((node.marks ?? []).map((mark) => mark.type));
  return {
    text: node.text ?? "",
    bold: marks.has("bold") || undefined,
    italics: marks.has("italic") || undefined,
    underline: marks.has("underline") ? {} : undefined,
    strike: marks.has("strike") || undefined,
    ...(marks.has("code") ? { font: font(gongwenLayout.fonts.body, "Courier New") } : {}),
    ...(context.inTable ? { size: gongwenLayout.size.table } : {}),
  };
}

/** One text node as a run: plain, or an insertion/deletion authored by the person who made it. */
function textRun(node: ExportNode, context: RenderContext): ParagraphChild {
  const options = runOptions(node, context);
  if (node.change) {
    const revision = { id: context.revision.next++, author: node.change.author, date: context.revision.date };
    return node.change.type === "added" ? new InsertedTextRun({ ...options, ...revision }) : new DeletedTextRun({ ...options, ...revision });
  }
  const link = node.marks?.find((mark) => mark.type === "link");
  const href = typeof link?.attrs?.href === "string" ? link.attrs.href : null;
  if (href && SAFE_LINK.test(href)) return new ExternalHyperlink({ link: href, children: [new TextRun({ ...options, style: "Hyperlink" })] });
  return new TextRun(options);
}

function inlineRuns(nodes: ExportNode[] | undefined, context: RenderContext): ParagraphChild[] {
  return (nodes ?? []).map((node) => (node.type === "hardBreak" ? new TextRun({ break: 1 }) : textRun(node, context)));
}

function paragraphOf(children: ParagraphChild[], context: RenderContext, extra: { prefix?: string; alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  const prefix = extra.prefix ? [new TextRun({ text: extra.prefix, ...(context.inTable ? { size: gongwenLayout.size.table } : {}) })] : [];
  return new Paragraph({
    children: [...prefix, ...children],
    alignment: extra.alignment ?? AlignmentType.JUSTIFIED,
    spacing: context.inTable ? tableLine : exactLine,
    indent: context.inTable
      ? undefined
      : { firstLine: 2 * gongwenLayout.char, left: context.indentChars * gongwenLayout.char },
  });
}

type Block = Paragraph | Table;

/** A body heading: its number and text, styled by its depth in the document. */
function bodyHeading(node: ExportNode, context: RenderContext): Paragraph {
  const depth = Number(node.attrs?.depth ?? 3);
  const number = String(node.attrs?.number ?? "");
  return new Paragraph({
    style: headingStyleOf(depth),
    children: [...(number ? [new TextRun(number)] : []), ...inlineRuns(node.content, context)],
  });
}

function listBlocks(node: ExportNode, context: RenderContext): Block[] {
  const ordered = node.type === "orderedList";
  const start = Number(node.attrs?.start ?? 1);
  const nested = { ...context, indentChars: context.indentChars + 2 };
  return (node.content ?? []).flatMap((item, index) => {
    const marker = ordered ? `${start + index}. ` : context.indentChars > 0 ? "○ " : "● ";
    const [first, ...rest] = item.content ?? [];
    const head = first?.type === "paragraph" ? [paragraphOf(inlineRuns(first.content, context), context, { prefix: marker })] : first ? blocksOf(first, context) : [];
    return [...head, ...rest.flatMap((child) => blocksOf(child, nested))];
  });
}

function tableBlock(node: ExportNode, context: RenderContext): Table {
  const cellContext = { ...context, inTable: true, indentChars: 0 };
  const rows = (node.content ?? []).map((row, rowIndex) => {
    const cells = (row.content ?? []).map((cell) => {
      const header = cell.type === "tableHeader";
      const content = (cell.content ?? []).flatMap((child) =>
        blocksOf(header ? boldened(child) : child, cellContext),
      );
      return new TableCell({
        children: content.length ? content : [new Paragraph({ spacing: tableLine, children: [] })],
        columnSpan: Number(cell.attrs?.colspan ?? 1),
        rowSpan: Number(cell.attrs?.rowspan ?? 1),
        margins: { left: 80, right: 80, top: 40, bottom: 40 },
      });
    });
    return new TableRow({ children: cells, tableHeader: rowIndex === 0 && (row.content ?? []).every((cell) => cell.type === "tableHeader") });
  });
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** Header cells: their text in bold. */
function boldened(node: ExportNode): ExportNode {
  if (node.type === "text") return { ...node, marks: [...(node.marks ?? []).filter((mark) => mark.type !== "bold"), { type: "bold" }] };
  return node.content ? { ...node, content: node.content.map(boldened) } : node;
}

/** One body node as Word paragraphs and tables. */
function blocksOf(node: ExportNode, context: RenderContext): Block[] {
  switch (node.type) {
    case "doc":
      return (node.content ?? []).flatMap((child) => blocksOf(child, context));
    case "paragraph":
      return [paragraphOf(inlineRuns(node.content, context), context)];
    case "heading":
      return context.inTable ? [paragraphOf(inlineRuns(boldened(node).content, context), context)] : [bodyHeading(node, context)];
    case "bulletList":
    case "orderedList":
      return listBlocks(node, context);
    case "listItem":
      return (node.content ?? []).flatMap((child) => blocksOf(child, context));
    case "blockquote":
      return (node.content ?? []).flatMap((child) => blocksOf(child, { ...context, indentChars: context.indentChars + 2 }));
    case "codeBlock": {
      const text = (node.content ?? []).map((child) => child.text ?? "").join("");
      return text.split("\n").map((line) => paragraphOf([new TextRun({ text: line, font: font(gongwenLayout.fonts.body, "Courier New") })], context));
    }
    case "horizontalRule":
      return [new Paragraph({ spacing: exactLine, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "auto", space: 1 } }, children: [] })];
    case "table":
      return [tableBlock(node, context)];
    default:
      // Inline content met at block level (or a node this version does not know): keep its text.
      return node.text !== undefined || node.content ? [paragraphOf(inlineRuns(node.text !== undefined ? [node] : node.content, context), context)] : [];
  }
}

/** Body nodes (a section body or a redline) as Word blocks. */
export function bodyBlocks(body: ExportNode, revisionDate: Date = new Date()): Block[] {
  return blocksOf(body, { revision: { next: 1, date: revisionDate.toISOString().replace(/\.\d{3}Z$/, "Z") }, inTable: false, indentChars: 0 });
}

function plainParagraph(text: string, options: { alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; style?: string; font?: string } = {}) {
  return new Paragraph({
    style: options.style,
    alignment: options.alignment ?? AlignmentType.JUSTIFIED,
    spacing: options.style ? undefined : exactLine,
    indent: options.indent ? { firstLine: 2 * gongwenLayout.char } : undefined,
    children: text ? [new TextRun({ text, ...(options.font ? { font: font(options.font) } : {}) })] : [],
  });
}

/** A table of the appendix: header row in 黑体, body in 仿宋 小四, numbers right-aligned. */
function appendixTable(columns: readonly string[], widths: readonly number[], rows: { text: string; numeric?: boolean }[][]) {
  const total = widths.reduce((sum, width) => sum + width, 0);
  const columnWidths = widths.map((width) => Math.floor((width / total) * textWidth));
  const cell = (text: string, options: { header?: boolean; numeric?: boolean; width: number }) =>
    new TableCell({
      width: { size: options.width, type: WidthType.DXA },
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [
        new Paragraph({
          spacing: tableLine,
          alignment: options.header ? AlignmentType.CENTER : options.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text, size: gongwenLayout.size.table, ...(options.header ? { font: font(gongwenLayout.fonts.heading1) } : {}) })],
        }),
      ],
    });
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths,
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((column, index) => cell(column, { header: true, width: columnWidths[index]! })) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value, index) => cell(value.text, { numeric: value.numeric, width: columnWidths[index]! })) })),
    ],
  });
}

function appendixBlocks(model: ExportModel): Block[] {
  const blocks: Block[] = [
    new Paragraph({ children: [new PageBreak()] }),
    plainParagraph(words.appendix, { font: gongwenLayout.fonts.heading1, alignment: AlignmentType.LEFT }),
    plainParagraph(""),
    new Paragraph({ style: "Title", children: [new TextRun(words.appendixTitle)] }),
    plainParagraph(""),
    new Paragraph({ style: "Heading1", children: [new TextRun(words.projectsHeading)] }),
  ];
  blocks.push(
    model.projects.length
      ? appendixTable(words.projectColumns, projectColumnWidths, model.projects.map(projectRow))
      : plainParagraph(words.none, { indent: true }),
  );
  blocks.push(plainParagraph(""), new Paragraph({ style: "Heading1", children: [new TextRun(words.indicatorsHeading)] }));
  blocks.push(
    model.indicators.length
      ? appendixTable(words.indicatorColumns, indicatorColumnWidths, model.indicators.map(indicatorRow))
      : plainParagraph(words.none, { indent: true }),
  );
  return blocks;
}

function pageNumberFooter(alignment: "left" | "right") {
  const run = new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font(gongwenLayout.fonts.pageNumber), size: gongwenLayout.size.pageNumber });
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === "right" ? { right: gongwenLayout.char } : { left: gongwenLayout.char },
        children: [run],
      }),
    ],
  });
}

/** The document's styles: defaults in 仿宋 三号 at the exact line pitch, title and four heading levels. */
function styles() {
  const { fonts, size } = gongwenLayout;
  const heading = (eastAsia: string, outlineLevel: number, bold = false) => ({
    run: { font: font(eastAsia), size: size.body, bold, color: "000000" },
    paragraph: { spacing: exactLine, indent: { firstLine: 2 * gongwenLayout.char }, outlineLevel, keepNext: true },
  });
  return {
    default: {
      document: { run: { font: font(fonts.body), size: size.body }, paragraph: { spacing: exactLine } },
      title: { run: { font: font(fonts.title), size: size.title, color: "000000" }, paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 } } },
      heading1: heading(fonts.heading1, 0),
      heading2: heading(fonts.heading2, 1),
      heading3: heading(fonts.body, 2, true),
      heading4: heading(fonts.body, 3),
    },
  };
}

/** A Word document in the 公文 page layout around the given blocks. */
async function packDocument(title: string, children: Block[]): Promise<Buffer> {
  const document = new Document({
    title,
    creator: "许昌智造规划协同平台",
    evenAndOddHeaderAndFooters: true,
    styles: styles(),
    sections: [
      {
        properties: {
          page: { size: gongwenLayout.page, margin: { ...gongwenLayout.margin, footer: gongwenLayout.footer, header: twipsOfMm(15) } },
          grid: { linePitch: gongwenLayout.line, type: "lines" },
        },
        footers: { default: pageNumberFooter("right"), even: pageNumberFooter("left") },
        children,
      },
    ],
  });
  return withNamedFonts(await Packer.toBuffer(document));
}

/** The export model as a .docx in the GB/T 9704-2012 layout. */
export async function renderPlanDocx(model: ExportModel): Promise<Buffer> {
  const children: Block[] = [new Paragraph({ style: "Title", children: [new TextRun(model.plan.title)] })];
  for (const line of subtitleLines(model)) children.push(plainParagraph(line, { alignment: AlignmentType.CENTER, font: gongwenLayout.fonts.heading2 }));
  children.push(plainParagraph(""));
  for (const section of model.sections) {
    children.push(new Paragraph({ style: headingStyleOf(section.depth), children: [new TextRun(`${section.number}${section.title}`)] }));
    if (section.body) children.push(...bodyBlocks(section.body));
    else children.push(plainParagraph(words.pendingApproval, { indent: true }));
  }
  children.push(plainParagraph(""));
  if (hasAppendix(model)) children.push(plainParagraph(words.appendixNote, { indent: true }), plainParagraph(""));
  // 成文日期: right-aligned, four characters in from the right edge.
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: exactLine, indent: { right: 4 * gongwenLayout.char }, children: [new TextRun(model.dateLine)] }));
  if (hasAppendix(model)) children.push(...appendixBlocks(model));
  return packDocument(model.plan.title, children);
}

/** A redline document: a title, what is compared, how to read it, then the body with revision marks. */
export async function renderRedlineDocx(input: { title: string; between: string; body: ExportNode; date: Date }): Promise<Buffer> {
  const children: Block[] = [
    new Paragraph({ style: "Title", children: [new TextRun(words.redlineTitle(input.title))] }),
    plainParagraph(input.between, { alignment: AlignmentType.CENTER, font: gongwenLayout.fonts.heading2 }),
    plainParagraph(words.redlineLegend, { indent: true }),
    plainParagraph(""),
    ...bodyBlocks(input.body, input.date),
  ];
  return packDocument(words.redlineTitle(input.title), children);
}
