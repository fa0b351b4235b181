import { DOMParser as ProseMirrorDOMParser } from "@tiptap/pm/model";
import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import MarkdownIt from "markdown-it";
import { INDICATOR_REF, PROJECT_REF } from "@/lib/editor/names";
import { sectionSchema } from "@/server/services/section-documents";
import { ImportError } from "./errors";
import { openDocxArchive } from "./zip";

export type ImportFormat = "docx" | "markdown";

/** Largest file accepted (the HTTP route stops reading past it). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Largest converted document, in ProseMirror nodes (text runs included). */
export const MAX_IMPORT_NODES = 50_000;

type JsonNode = { type: string; attrs?: Record<string, unknown>; marks?: { type: string; attrs?: Record<string, unknown> }[]; text?: string; content?: JsonNode[] };
export type SectionBodyJson = JsonNode & { type: "doc"; content: JsonNode[] };

/** What survived and what was left out, shown to the importer. */
export type ImportSummary = {
  headings: number;
  paragraphs: number;
  lists: number;
  tables: number;
  links: number;
  dropped: {
    /** Pictures: the section schema has no images. */
    images: number;
    /** Scripts, frames, embedded objects and form controls. */
    embedded: number;
    /** Links to anything but http(s) and mailto (javascript:, data:, file:…): the text is kept. */
    unsafeLinks: number;
    /** Project/indicator chips written as HTML into a Markdown file: kept as plain text. */
    references: number;
  };
};

export type ConvertedDocument = {
  doc: SectionBodyJson;
  summary: ImportSummary;
  /** The document's own title (a Word paragraph in the Title / 标题 style), when it has one. */
  title: string | null;
};

const headingStyles = [1, 2, 3, 4, 5, 6].flatMap((level) => [
  `p[style-name='Heading ${level}'] => h${level}:fresh`,
  `p[style-name='标题 ${level}'] => h${level}:fresh`,
  `p[style-name='标题${level}'] => h${level}:fresh`,
]);
/**
 * Word styles → HTML. English and Chinese style names (Word writes the built-in "heading 1" even
 * in a Chinese Word, WPS and templates often use 「标题 1」); the document title gets a class so it
 * can become the plan's title instead of a heading.
 */
const docxStyleMap = [
  "p[style-name='Title'] => h1.document-title:fresh",
  "p[style-name='标题'] => h1.document-title:fresh",
  "p[style-name='Subtitle'] => p:fresh",
  "p[style-name='副标题'] => p:fresh",
  ...headingStyles,
];

/** Elements whose content must never reach the document (not even as text). */
const EMBEDDED = "script,style,iframe,frame,frameset,object,embed,applet,noscript,template,svg,math,form,input,button,select,textarea,link,meta,base,audio,video,canvas";
const SAFE_HREF = /^(https?:|mailto:)/i;
/** A scheme in front of a link (javascript:, data:, …); relative links and #anchors have none. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Which format a file is in, from its name (and, for Word, the zip signature). */
export function detectFormat(fileName: string, bytes: Buffer): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? "";
  if (extension === "docx") return "docx";
  if (extension === "md" || extension === "markdown" || extension === "txt") return "markdown";
  if (!extension && bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "docx";
  throw new ImportError("UNSUPPORTED_TYPE", `Unsupported file type: ${extension || "unknown"}`, { extension: extension || "?" });
}

async function docxToHtml(bytes: Buffer): Promise<string> {
  const archive = openDocxArchive(bytes);
  // mammoth reads the parts through our checked archive (its `file` input: exists + read), never through its own unzip.
  const file = {
    exists: (name: string) => archive.exists(name),
    read: async (name: string, encoding?: string) => {
      const content = archive.read(name);
      if (encoding === "base64") return content.toString("base64");
      return encoding ? new TextDecoder(encoding).decode(content) : content;
    },
  };
  try {
    const result = await mammoth.convertToHtml({ file } as unknown as { buffer: Buffer }, {
      styleMap: docxStyleMap,
      // Pictures are counted and dropped later; their data is never read.
      convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
    });
    return result.value;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError("UNREADABLE", `The Word document could not be read: ${(error as Error).message}`);
  }
}

/** Markdown text: UTF-8, or GB18030 as saved by Chinese Windows editors. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

function markdownToHtml(bytes: Buffer): string {
  // Inline HTML is allowed through to the sanitiser (Markdown files carry tables and <br> that way).
  const markdown = new MarkdownIt({ html: true, linkify: true });
  // Every link reaches the sanitiser, the one gate, which keeps the text of a refused link and counts it.
  markdown.validateLink = () => true;
  return markdown.render(decodeText(bytes));
}

const emptySummary = (): ImportSummary => ({
  headings: 0,
  paragraphs: 0,
  lists: 0,
  tables: 0,
  links: 0,
  dropped: { images: 0, embedded: 0, unsafeLinks: 0, references: 0 },
});

/** Replaces an element by its children. */
function unwrap(element: Element) {
  element.replaceWith(...Array.from(element.childNodes));
}

/**
 * Strips from parsed HTML what the editor must never receive, counting it: embedded content,
 * pictures, event handlers and styles, links that are not http(s)/mailto, reference chips.
 */
function sanitiseDom(body: HTMLElement, summary: ImportSummary) {
  for (const element of Array.from(body.querySelectorAll(EMBEDDED))) {
    // Counted once: a script inside an <svg> goes with it.
    if (!body.contains(element)) continue;
    summary.dropped.embedded += 1;
    element.remove();
  }
  for (const element of Array.from(body.querySelectorAll("img,picture"))) {
    if (element.tagName.toLowerCase() === "img") summary.dropped.images += 1;
    element.remove();
  }
  for (const element of Array.from(body.querySelectorAll(`[data-project-ref],[data-indicator-ref]`))) {
    summary.dropped.references += 1;
    element.replaceWith(element.ownerDocument.createTextNode(element.textContent ?? ""));
  }
  for (const element of Array.from(body.querySelectorAll("*"))) {
    for (const { name } of Array.from(element.attributes)) {
      if (/^on/i.test(name) || name === "style" || name === "srcdoc" || name === "src") element.removeAttribute(name);
    }
  }
  for (const link of Array.from(body.querySelectorAll("a"))) {
    // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    const href = (link.getAttribute("href") ?? "").replace(/[\u0000-\u0020\u007f]/g, "");
    if (SAFE_HREF.test(href)) continue;
    if (HAS_SCHEME.test(href)) summary.dropped.unsafeLinks += 1;
    unwrap(link);
  }
}

/** Counts what the document holds and enforces the safety of what the parser produced (a second line of defence). */
function inspect(doc: SectionBodyJson, summary: ImportSummary): number {
  let nodes = 0;
  const walk = (node: JsonNode) => {
    nodes += 1;
    if (node.type === "heading") summary.headings += 1;
    else if (node.type === "paragraph") summary.paragraphs += 1;
    else if (node.type === "bulletList" || node.type === "orderedList") summary.lists += 1;
    else if (node.type === "table") summary.tables += 1;
    if (node.type === PROJECT_REF || node.type === INDICATOR_REF) throw new Error("A reference chip survived sanitising");
    if (node.marks) {
      node.marks = node.marks.filter((mark) => {
        if (mark.type !== "link") return true;
        const safe = SAFE_HREF.test(String(mark.attrs?.href ?? ""));
        if (safe) summary.links += 1;
        else summary.dropped.unsafeLinks += 1;
        return safe;
      });
      if (node.marks.length === 0) delete node.marks;
    }
    node.content?.forEach(walk);
  };
  walk(doc);
  return nodes;
}

/** Parses sanitised HTML into a section body valid for the editor's schema: unknown elements keep only their text. */
export function htmlToSectionBody(html: string): ConvertedDocument {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const body = document.body as unknown as HTMLElement;
  if (body.querySelectorAll("*").length > MAX_IMPORT_NODES * 2)
    throw new ImportError("TOO_MANY_NODES", "The document has too many elements", { limit: MAX_IMPORT_NODES });
  const summary = emptySummary();
  sanitiseDom(body, summary);
  let title: string | null = null;
  const titleElement = body.querySelector("h1.document-title");
  if (titleElement) {
    title = (titleElement.textContent ?? "").replace(/\s+/g, " ").trim() || null;
    titleElement.remove();
  }
  const parsed = ProseMirrorDOMParser.fromSchema(sectionSchema()).parse(body as unknown as Node);
  const doc = parsed.toJSON() as SectionBodyJson;
  const nodes = inspect(doc, summary);
  if (nodes > MAX_IMPORT_NODES) throw new ImportError("TOO_MANY_NODES", `The document has ${nodes} nodes`, { limit: MAX_IMPORT_NODES });
  if (parsed.textContent.trim() === "" && !title) throw new ImportError("NO_CONTENT", "The file holds no text to import");
  if (!doc.content || doc.content.length === 0) doc.content = [{ type: "paragraph" }];
  // Validates against the schema once more (the marks filtered above included).
  sectionSchema().nodeFromJSON(doc).check();
  return { doc, summary, title };
}

/** Converts an uploaded file into a section body. Throws ImportError for anything refused; writes nothing. */
export async function convertFile(bytes: Buffer, format: ImportFormat): Promise<ConvertedDocument> {
  if (bytes.length === 0) throw new ImportError("EMPTY_FILE", "The file is empty");
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportError("FILE_TOO_LARGE", `The file is larger than ${MAX_IMPORT_BYTES} bytes`, { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 });
  const html = format === "docx" ? await docxToHtml(bytes) : markdownToHtml(bytes);
  return htmlToSectionBody(html);
}
