import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, ImageRun, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from "docx";
import { zipSync } from "fflate";

/** A 1×1 PNG, to check that pictures are dropped and reported. */
const PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });

/**
 * A Word document made with the docx library (test fixture): a title, two top-level chapters with
 * a deeper heading, bold and italic text, a link, a bullet and a numbered list, a table and a
 * picture; the second chapter uses a style named 「标题 1」 as WPS templates do.
 */
export async function makeDocxFixture(): Promise<Buffer> {
  const document = new Document({
    styles: {
      paragraphStyles: [{ id: "CnHeading1", name: "标题 1", basedOn: "Normal", next: "Normal", run: { bold: true, size: 32 } }],
    },
    numbering: {
      config: [{ reference: "steps", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: "许昌市智能制造发展规划（2021—2025年）", heading: HeadingLevel.TITLE }),
          new Paragraph("本规划依据国家和省有关要求编制。"),
          new Paragraph({ text: "总体要求", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun("坚持"),
              new TextRun({ text: "创新驱动", bold: true }),
              new TextRun("，推进"),
              new TextRun({ text: "数字化转型", italics: true }),
              new TextRun("，详见"),
              new ExternalHyperlink({ link: "https://www.xuchang.gov.cn/", children: [new TextRun({ text: "市政府网站", style: "Hyperlink" })] }),
              new TextRun("。"),
            ],
          }),
          new Paragraph({ text: "发展目标", heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: "培育龙头企业", bullet: { level: 0 } }),
          new Paragraph({ text: "建设智能工厂", bullet: { level: 0 } }),
          new Paragraph({ text: "摸清底数", numbering: { reference: "steps", level: 0 } }),
          new Paragraph({ text: "分步实施", numbering: { reference: "steps", level: 0 } }),
          new Table({
            rows: [
              new TableRow({ children: [cell("指标"), cell("2025年目标")] }),
              new TableRow({ children: [cell("智能制造产值"), cell("1000亿元")] }),
            ],
          }),
          new Paragraph({ children: [new ImageRun({ type: "png", data: PIXEL_PNG, transformation: { width: 10, height: 10 } })] }),
          new Paragraph({ text: "重点任务", style: "CnHeading1" }),
          new Paragraph("建设黄河鲲鹏服务器和PC机许昌生产基地。"),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The smallest parts that make an archive look like a Word document. */
const docxSkeleton = (): Record<string, Uint8Array> => ({
  "[Content_Types].xml": new TextEncoder().encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  "_rels/.rels": new TextEncoder().encode('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'),
});

/** A small archive with one huge, highly compressible entry (`megabytes` of zeros). */
export function makeZipBomb(megabytes: number): Buffer {
  return Buffer.from(zipSync({ ...docxSkeleton(), "word/document.xml": new Uint8Array(megabytes * 1024 * 1024) }, { level: 9 }));
}

/**
 * An archive whose directory lies: the entry declares a small uncompressed size, but its data
 * inflates to `megabytes` of zeros. The checks on the directory pass; inflation must still stop.
 */
export function makeLyingZip(megabytes: number): Buffer {
  const zip = Buffer.from(zipSync({ ...docxSkeleton(), "word/document.xml": new Uint8Array(megabytes * 1024 * 1024) }, { level: 9 }));
  const name = Buffer.from("word/document.xml");
  // Patch the declared uncompressed size (local header +22, central header +24) of that entry.
  for (let offset = 0; offset < zip.length - 4; offset++) {
    const signature = zip.readUInt32LE(offset);
    if (signature === 0x04034b50 && zip.subarray(offset + 30, offset + 30 + name.length).equals(name)) {
      zip.writeUInt32LE(zip.readUInt32LE(offset + 18) * 2, offset + 22);
    } else if (signature === 0x02014b50 && zip.subarray(offset + 46, offset + 46 + name.length).equals(name)) {
      zip.writeUInt32LE(zip.readUInt32LE(offset + 20) * 2, offset + 24);
    }
  }
  return zip;
}
