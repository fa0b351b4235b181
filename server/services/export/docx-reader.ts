import { strFromU8, unzipSync } from "fflate";

/**
 * Reads a generated .docx back for tests: the parts as text, and the body's paragraphs and tables
 * as plain structures (style, text, fonts), so assertions are about what Word will show.
 */
export type ReadParagraph = { style: string | null; text: string; xml: string };

const decodeXml = (text: string) =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Text of an XML fragment's runs (w:t and, for deletions, w:delText). */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((match) => decodeXml(match[1]!)).join("");
}

export function readDocx(buffer: Uint8Array) {
  const files = unzipSync(buffer);
  const part = (name: string) => {
    const bytes = files[name];
    if (!bytes) throw new Error(`The document has no ${name}`);
    return strFromU8(bytes);
  };
  const document = part("word/document.xml");
  const body = document.slice(document.indexOf("<w:body>"), document.lastIndexOf("</w:body>"));
  // Top-level paragraphs only: tables are cut out first and read on their own.
  const tables = [...body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((match) => match[0]);
  const outside = body.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
  const paragraphs: ReadParagraph[] = [...outside.matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)].map((match) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(match[0])?.[1] ?? null,
    text: textOf(match[0]),
    xml: match[0],
  }));
  const tableRows = tables.map((table) =>
    [...table.matchAll(/<w:tr(?: [^>]*)?>[\s\S]*?<\/w:tr>/g)].map((row) => [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => textOf(cell[0]))),
  );
  return { files: Object.keys(files), part, document, paragraphs, tables: tableRows };
}

/** The attributes of the first `<w:tag …>` in `xml` as a record (w: prefixes dropped). */
export function attributesOf(xml: string, tag: string): Record<string, string> | null {
  const match = new RegExp(`<w:${tag}((?: [^>]*?)?)/?>`).exec(xml);
  if (!match) return null;
  return Object.fromEntries([...match[1]!.matchAll(/(?:w:)?([A-Za-z]+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, decodeXml(attribute[2]!)]));
}

/** The XML of the style with this id in styles.xml. */
export function styleXml(styles: string, styleId: string): string {
  const match = new RegExp(`<w:style [^>]*w:styleId="${styleId}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!match) throw new Error(`No style ${styleId}`);
  return match[0];
}
