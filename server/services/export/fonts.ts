import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

/**
 * The fonts an exported document names, each with the font Word and WPS should use where it is
 * not installed (w:altName) and the GB2312 character set (w:charset 86), so that a machine
 * without 方正小标宋简体 or the _GB2312 fonts shows 宋体 / 仿宋 / 楷体 rather than a Latin default.
 * Fonts are named, never embedded.
 */
export const namedFonts = [
  { name: "方正小标宋简体", altName: "宋体", family: "roman" },
  { name: "仿宋_GB2312", altName: "仿宋", family: "modern" },
  { name: "楷体_GB2312", altName: "楷体", family: "modern" },
  { name: "黑体", altName: "SimHei", family: "modern" },
  { name: "宋体", altName: "SimSun", family: "auto" },
  { name: "Times New Roman", altName: null, family: "roman" },
] as const;

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function fontEntry(font: (typeof namedFonts)[number]): string {
  const alt = font.altName ? `<w:altName w:val="${escapeXml(font.altName)}"/>` : "";
  const charset = font.name === "Times New Roman" ? "00" : "86";
  return `<w:font w:name="${escapeXml(font.name)}">${alt}<w:charset w:val="${charset}"/><w:family w:val="${font.family}"/><w:pitch w:val="variable"/></w:font>`;
}

/** Writes the named fonts into word/fontTable.xml of a generated .docx (the docx library leaves it empty). */
export function withNamedFonts(docx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const table = files["word/fontTable.xml"];
  if (!table) return docx;
  const xml = strFromU8(table);
  const entries = namedFonts.map(fontEntry).join("");
  const filled = /<w:fonts([^>]*)\/>\s*$/.test(xml) ? xml.replace(/<w:fonts([^>]*)\/>\s*$/, `<w:fonts$1>${entries}</w:fonts>`) : xml.replace("</w:fonts>", `${entries}</w:fonts>`);
  files["word/fontTable.xml"] = strToU8(filled);
  // [Content_Types].xml first, as Word expects; stored order otherwise kept.
  const ordered = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a === "[Content_Types].xml" ? -1 : b === "[Content_Types].xml" ? 1 : 0)));
  return Buffer.from(zipSync(ordered, { level: 6 }));
}
