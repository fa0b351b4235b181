import { inflateRawSync } from "node:zlib";
import { ImportError } from "./errors";

/** Limits on what a .docx may expand to, checked on the central directory before anything is inflated. */
export const zipLimits = {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalUncompressed: 50 * 1024 * 1024,
  /** Uncompressed ÷ compressed, over the whole archive and for any entry larger than `ratioFloor`. */
  maxRatio: 100,
  /** Entries smaller than this may compress better than `maxRatio` (short, repetitive XML parts do). */
  ratioFloor: 1024 * 1024,
  maxEntries: 5_000,
};

type ZipEntry = { name: string; method: number; compressedSize: number; uncompressedSize: number; localHeaderOffset: number };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

/** Finds the end-of-central-directory record (it ends the file, followed by a comment of at most 64 KB). */
function findEndOfCentralDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let offset = bytes.length - 22; offset >= lowest; offset--) {
    if (bytes.readUInt32LE(offset) === EOCD_SIGNATURE && offset + 22 + bytes.readUInt16LE(offset + 20) === bytes.length) return offset;
  }
  throw new ImportError("NOT_ZIP", "The file is not a zip archive (no central directory)");
}

/** Reads the entries listed in the central directory, without touching their data. */
function readCentralDirectory(bytes: Buffer): ZipEntry[] {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ImportError("NOT_ZIP", "The file is not a zip archive");
  const eocd = findEndOfCentralDirectory(bytes);
  const count = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === ZIP64_MARKER) throw new ImportError("UNREADABLE", "ZIP64 archives are not accepted");
  if (count > zipLimits.maxEntries) throw new ImportError("ZIP_TOO_LARGE", `The archive lists ${count} entries`, { entries: count });
  if (directoryOffset + directorySize > eocd) throw new ImportError("NOT_ZIP", "The zip central directory is damaged");
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > eocd || bytes.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new ImportError("NOT_ZIP", "The zip central directory is damaged");
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      uncompressedSize: bytes.readUInt32LE(offset + 24),
      localHeaderOffset: bytes.readUInt32LE(offset + 42),
      name: bytes.toString("utf8", offset + 46, offset + 46 + nameLength),
    };
    if (entry.compressedSize === ZIP64_MARKER || entry.uncompressedSize === ZIP64_MARKER) throw new ImportError("UNREADABLE", "ZIP64 entries are not accepted");
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses an archive whose declared sizes are too large or compress suspiciously well (a zip bomb). */
function checkExpansion(entries: ZipEntry[]) {
  let total = 0;
  let compressed = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    compressed += entry.compressedSize;
  }
  if (total > zipLimits.maxTotalUncompressed)
    throw new ImportError("ZIP_TOO_LARGE", `The archive expands to ${total} bytes`, { megabytes: zipLimits.maxTotalUncompressed / 1024 / 1024 });
  for (const entry of entries) {
    if (entry.uncompressedSize > zipLimits.ratioFloor && entry.uncompressedSize > zipLimits.maxRatio * Math.max(1, entry.compressedSize))
      throw new ImportError("ZIP_RATIO", `Entry ${entry.name} expands more than ${zipLimits.maxRatio}:1`, { ratio: zipLimits.maxRatio });
  }
  if (total > zipLimits.ratioFloor && total > zipLimits.maxRatio * Math.max(1, compressed))
    throw new ImportError("ZIP_RATIO", `The archive expands more than ${zipLimits.maxRatio}:1`, { ratio: zipLimits.maxRatio });
}

/** The files of a checked archive, inflated one at a time on demand and never past their declared size. */
export type DocxArchive = {
  exists(name: string): boolean;
  read(name: string): Buffer;
  readonly entryNames: string[];
};

/**
 * Opens a .docx: the central directory is read and checked (sizes, ratios, that it is a Word
 * document) before any entry is inflated; each entry is then inflated only when read, bounded by
 * the size the directory declared, so an archive that lies about its sizes cannot expand either.
 */
export function openDocxArchive(bytes: Buffer): DocxArchive {
  const entries = readCentralDirectory(bytes);
  checkExpansion(entries);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  if (!byName.has("[Content_Types].xml") || !(byName.has("word/document.xml") || byName.has("_rels/.rels")))
    throw new ImportError("NOT_DOCX", "The archive is not a Word document (.docx)");
  let inflated = 0;
  return {
    entryNames: [...byName.keys()],
    exists: (name) => byName.has(name),
    read(name) {
      const entry = byName.get(name);
      if (!entry) throw new ImportError("UNREADABLE", `Missing part ${name}`);
      const header = entry.localHeaderOffset;
      if (header + 30 > bytes.length || bytes.readUInt32LE(header) !== LOCAL_SIGNATURE) throw new ImportError("NOT_ZIP", "The zip archive is damaged");
      const start = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
      const data = bytes.subarray(start, start + entry.compressedSize);
      if (data.length !== entry.compressedSize) throw new ImportError("NOT_ZIP", "The zip archive is truncated");
      let content: Buffer;
      if (entry.method === 0) content = Buffer.from(data);
      else if (entry.method === 8) {
        try {
          // One byte more than declared: an entry that inflates past its declared size fails here.
          content = inflateRawSync(data, { maxOutputLength: entry.uncompressedSize + 1 });
        } catch (error) {
          if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
            throw new ImportError("ZIP_RATIO", `Entry ${name} inflates past its declared size`, { ratio: zipLimits.maxRatio });
          throw new ImportError("UNREADABLE", `Entry ${name} cannot be inflated`);
        }
      } else throw new ImportError("UNREADABLE", `Entry ${name} uses an unsupported compression method`);
      if (content.length !== entry.uncompressedSize) throw new ImportError("ZIP_RATIO", `Entry ${name} does not match its declared size`, { ratio: zipLimits.maxRatio });
      inflated += content.length;
      if (inflated > zipLimits.maxTotalUncompressed)
        throw new ImportError("ZIP_TOO_LARGE", "The archive expands too much", { megabytes: zipLimits.maxTotalUncompressed / 1024 / 1024 });
      return content;
    },
  };
}
