/**
 * Text → search units, and the n-gram terms the index and the queries are made of. Pure, shared by
 * the server (indexing, queries, passages) and the browser (finding the passage in the editor).
 *
 * A unit is one CJK character, or one run of letters/digits of other scripts (lower-cased);
 * punctuation and spaces only separate units. The index holds every unigram and every bigram of
 * consecutive units with its position; a query of n units is the phrase of its n-1 bigrams. This
 * splits no Chinese words (none need to be known) and behaves the same on PGlite and PostgreSQL,
 * because the terms are made here and Postgres only stores and matches them.
 */

export type Unit = {
  /** The unit as indexed: one CJK character, or a lower-cased letter/digit run. */
  text: string;
  /** Offsets of the unit in the source text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  /** A CJK character (a whole unit) rather than a word of letters/digits (matched by prefix at a query's end). */
  cjk: boolean;
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
/** Longer runs (hashes, pasted data) are cut: Postgres refuses lexemes over 2 KB, and nobody types them. */
export const MAX_UNIT_LENGTH = 64;

/** Full-width ASCII (Ｐ, ２) as its half-width twin, so 「ＰＣ机」 and 「PC机」 are the same units. */
function halfWidth(char: string): string {
  const code = char.codePointAt(0)!;
  return code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : char;
}

/** Splits text into search units with their source offsets. */
export function tokenise(text: string): Unit[] {
  const units: Unit[] = [];
  let run: Unit | null = null;
  let offset = 0;
  for (const raw of text) {
    const start = offset;
    offset += raw.length;
    const char = halfWidth(raw);
    if (CJK.test(char)) {
      run = null;
      units.push({ text: char, start, end: offset, cjk: true });
    } else if (WORD.test(char)) {
      if (!run) {
        run = { text: "", start, end: offset, cjk: false };
        units.push(run);
      }
      if (run.text.length < MAX_UNIT_LENGTH) run.text += char.toLowerCase();
      run.end = offset;
    } else {
      run = null;
    }
  }
  return units;
}

/** Bigram term of two consecutive units. */
const bigram = (first: Unit, second: Unit) => first.text + second.text;

/** Quotes a lexeme for a tsvector/tsquery literal (units hold no quotes, but a literal must never break). */
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** Positions a tsvector can hold; more units than this go into another index row (see `chunkUnits`). */
export const MAX_POSITION = 16383;

/**
 * The tsvector literal of a text's units (unigrams and bigrams, 1-based positions; a bigram sits at
 * the position of its first unit), to be cast with `::tsvector` (no text search configuration applies).
 */
export function tsvectorLiteral(units: Unit[]): string {
  const positions = new Map<string, number[]>();
  const add = (lexeme: string, position: number) => {
    const list = positions.get(lexeme);
    if (list) list.push(position);
    else positions.set(lexeme, [position]);
  };
  units.forEach((unit, index) => {
    const position = Math.min(index + 1, MAX_POSITION);
    add(unit.text, position);
    const next = units[index + 1];
    if (next) add(bigram(unit, next), position);
  });
  return [...positions].map(([lexeme, list]) => `${quote(lexeme)}:${list.join(",")}`).join(" ");
}

/**
 * A search query: its units and the tsquery literal that finds candidate rows, or null when the
 * text has no units (only punctuation or spaces). One unit: that unigram (a word of letters/digits
 * also as a prefix, so 「kun」 finds 「Kunpeng」). More: the phrase of consecutive bigrams, the last
 * one a prefix when the query ends in letters/digits.
 */
export function searchQuery(text: string): { units: Unit[]; tsquery: string } | null {
  const units = tokenise(text);
  if (units.length === 0) return null;
  const last = units[units.length - 1]!;
  const prefix = last.cjk ? "" : ":*";
  if (units.length === 1) return { units, tsquery: quote(last.text) + prefix };
  const terms = units.slice(1).map((unit, index) => quote(bigram(units[index]!, unit)));
  terms[terms.length - 1] += prefix;
  return { units, tsquery: terms.join(" <-> ") };
}

/** A highlighted range of a text: [start, end) in UTF-16 code units. */
export type Range = [start: number, end: number];

/**
 * Where the query's units occur consecutively in `text` (case-insensitive; spaces and punctuation
 * between units are ignored, so 「PC 机」 finds 「PC机」); the last unit of letters/digits matches as
 * a prefix. This is the exact check behind every hit: the index only proposes candidates.
 */
export function findMatches(text: string, queryUnits: Unit[]): Range[] {
  if (queryUnits.length === 0) return [];
  const units = tokenise(text);
  const ranges: Range[] = [];
  const lastIndex = queryUnits.length - 1;
  for (let index = 0; index + lastIndex < units.length; index++) {
    let matched = true;
    for (let offset = 0; offset <= lastIndex && matched; offset++) {
      const unit = units[index + offset]!;
      const wanted = queryUnits[offset]!;
      matched = offset === lastIndex && !wanted.cjk ? !unit.cjk && unit.text.startsWith(wanted.text) : unit.text === wanted.text;
    }
    if (!matched) continue;
    const lastUnit = units[index + lastIndex]!;
    const wantedLast = queryUnits[lastIndex]!;
    // A prefix ends where the query's last word ends (same length in the source for the scripts we lower-case).
    const end = !wantedLast.cjk && lastUnit.text !== wantedLast.text ? Math.min(lastUnit.end, lastUnit.start + wantedLast.text.length) : lastUnit.end;
    ranges.push([units[index]!.start, end]);
    index += lastIndex;
  }
  return ranges;
}

/** Splits units into slices of at most `size` units, consecutive slices overlapping by `overlap` units. */
export function chunkUnits(units: Unit[], size = 4000, overlap = 100): Unit[][] {
  if (units.length <= size) return [units];
  const chunks: Unit[][] = [];
  for (let start = 0; ; start += size - overlap) {
    chunks.push(units.slice(start, start + size));
    if (start + size >= units.length) return chunks;
  }
}

/** A passage of a longer text around its first highlight, the ranges moved to the passage. */
export function passageOf(text: string, highlights: Range[], width = 140): { text: string; highlights: Range[] } {
  if (text.length <= width) return { text, highlights };
  const first = highlights[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(first - Math.floor(width / 4), text.length - width));
  let end = Math.min(text.length, start + width);
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start]!)) start -= 1;
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end += 1;
  const before = start > 0 ? "…" : "";
  const shift = before.length - start;
  return {
    text: before + text.slice(start, end) + (end < text.length ? "…" : ""),
    highlights: highlights
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]) => [from + shift, to + shift] as Range),
  };
}
