/**
 * Finds figures in a section body that contradict the tracked value of the indicator or project
 * cited next to them.
 *
 * A chip stores only an entity id and the editor shows the entity's live name and value, but the
 * figure written beside it (「[上云企业数] 达到 2240 家」) is plain text and goes stale when the
 * registry is updated. The rules:
 *
 * 1. The body is flattened into blocks (paragraph, heading, list item paragraph, …); a table
 *    row is one block whose cells are joined by " | ", so that 「[chip] | 1567 家 | 备注」 reads
 *    as one statement. Each chip is one placeholder character in the flattened text.
 * 2. Blocks are split into sentences after 。！？；!?; (closing quotes stay with their sentence)
 *    and at hard breaks and line breaks.
 * 3. In each sentence with chips, figures are found with `findFigures`; figures without a unit
 *    and target figures (see `DetectOptions.skipTargets`) are left out.
 * 4. A figure is compatible with an entity when their base units match after removing the
 *    magnitude word (亿元 ~ 万元 ~ 元, 万台 ~ 台; 人 ~ 名). For a project the candidates are its
 *    key figures and its total investment (亿元); total investment only when 投资 is written in
 *    the figure's clause.
 * 5. Each figure is attributed to the nearest chip it is compatible with (distance in characters
 *    between the chip and the figure; on a tie the chip before the figure, as the subject comes
 *    first in Chinese). A chip does not reach back over a clause break (，、；：|): in
 *    「全市[A]达到 1567 家，[B] 6 家」 1567 家 is A's even though B is closer, and in
 *    「41 个工业行业大类中，许昌拥有[chip] 37 个」 41 个 is nobody's.
 * 6. An indicator chip is checked against ONE figure: the nearest one attributed to it (on a tie
 *    the one after the chip). Other figures in the sentence describe other things
 *    (「[规模工业企业数] 1567 家，境内外主板上市企业 6 家」: 6 家 is not checked).
 *    A project chip may be described by several figures (「年产服务器 36 万台、微型计算机
 *    75 万台」): each key figure is matched to at most one attributed figure, preferring the
 *    figure whose surrounding words share most with the key figure's label (服务器, 微型计算机),
 *    then the nearest.
 * 7. The figure is inconsistent when the current value does not satisfy it under its qualifier
 *    (see `satisfies`). Entities without a current value are never reported.
 */
import { childrenOf, chipOf, type DocJson } from "./links";
import { findFigures, parseUnit, sameBaseUnit, type Figure, type Qualifier } from "./numbers";

/** The tracked value of an indicator, as the registry has it now. */
export type IndicatorValue = {
  name: string;
  /** Unit as stored, magnitude word included: "家", "亿元", "%". */
  unit: string;
  /** Latest value, in `unit`; null when nothing is recorded (the indicator is then not checked). */
  value: number | null;
  /** Period the value refers to, e.g. "2020". */
  period: string | null;
  /** Date the value was recorded, e.g. "2020-09-30". */
  asOf: string | null;
};

/** The tracked figures of a project, as the registry has them now. */
export type ProjectValue = {
  name: string;
  /** Key figures, e.g. { label: "服务器年产能", value: 36, unit: "万台" }. */
  figures: { label: string; value: number; unit: string }[];
  /** Total investment in 亿元; null when unknown. */
  totalInvestment: number | null;
};

/** Current values of the entities a document may cite, by entity id. */
export type EntityValues = {
  indicators: Map<string, IndicatorValue>;
  projects: Map<string, ProjectValue>;
};

/** A figure in the text that contradicts the current value of the entity cited beside it. */
export type Warning = {
  kind: "indicator" | "project";
  entityId: string;
  /** The entity's current name (as the chip renders it). */
  entityName: string;
  /** The sentence, with each chip written as its entity's name (unknown entities as ""). */
  sentence: string;
  /** The figure as written: raw text (qualifier words included), value and unit as written. */
  stated: { raw: string; value: number; unit: string; qualifier: Qualifier };
  /**
   * The registry value the figure contradicts. For an indicator, `asOf` is its `asOf`, else its
   * `period`; for a project, `asOf` is null and `label` names the key figure ("服务器年产能",
   * or "总投资" for the total investment, whose unit is "亿元").
   */
  current: { value: number; unit: string; asOf: string | null; label?: string };
};

/** Options of `detectInconsistencies`. */
export type DetectOptions = {
  /**
   * Leave out target figures, which are plans rather than facts and cannot contradict a current
   * value: figures after 力争, 争取, 目标 or 「到/至 2025 年」 (not 截至 2020 年) in the same
   * sentence, and figures whose clause contains one of these words. Default true.
   */
  skipTargets?: boolean;
};

/** Stands for a chip in flattened text: one private-use character. */
export const CHIP_PLACEHOLDER = "\uE000";

/** Joins the cells of a table row in flattened text. */
export const CELL_SEPARATOR = " | ";

/** A chip inside a flattened sentence. */
export type SentenceChip = {
  kind: "indicator" | "project";
  id: string;
  /** Offset of the chip's placeholder character in `Sentence.text`. */
  offset: number;
};

/** One sentence of a document, chips written as `CHIP_PLACEHOLDER`. */
export type Sentence = { text: string; chips: SentenceChip[] };

/**
 * Every figure in `doc` that contradicts the current value of the indicator or project cited
 * beside it, in document order. See the module comment for the rules.
 */
export function detectInconsistencies(
  doc: DocJson,
  entities: EntityValues,
  options: DetectOptions = {},
): Warning[] {
  const skipTargets = options.skipTargets ?? true;
  const warnings: Warning[] = [];
  for (const sentence of collectSentences(doc)) {
    if (sentence.chips.length === 0) continue;
    warnings.push(...checkSentence(sentence, entities, skipTargets));
  }
  return warnings;
}

/**
 * Whether the true value `current` (in the figure's base unit, i.e. comparable with
 * `figure.scaled`) satisfies the stated figure:
 * - exact: equal within half a unit of the last written digit (「93%」 covers 92.5…93.5);
 * - about: within ±5 % of the stated value (or half a unit, if larger);
 * - atLeast / moreThan: current ≥ / > stated;
 * - atMost / lessThan: current ≤ / < stated.
 */
export function satisfies(figure: Figure, current: number): boolean {
  const stated = figure.scaled;
  const eps = 1e-9 * Math.max(1, Math.abs(stated), Math.abs(current));
  const halfStep = (figure.step * figure.scale) / 2;
  switch (figure.qualifier) {
    case "exact":
      return Math.abs(current - stated) <= halfStep + eps;
    case "about":
      return Math.abs(current - stated) <= Math.max(0.05 * Math.abs(stated), halfStep) + eps;
    case "atLeast":
      return current >= stated - eps;
    case "moreThan":
      return current > stated + eps;
    case "atMost":
      return current <= stated + eps;
    case "lessThan":
      return current < stated - eps;
  }
}

// ---------------------------------------------------------------------------
// Flattening
// ---------------------------------------------------------------------------

/**
 * The sentences of `doc` in document order, with chips as `CHIP_PLACEHOLDER` (see the module
 * comment, rules 1 and 2). Malformed nodes are skipped; chips without a valid id are left out.
 */
export function collectSentences(doc: DocJson): Sentence[] {
  const builder = new BlockBuilder();
  walk(doc, builder, false, new Set());
  builder.hard();
  return builder.blocks.flatMap(splitSentences);
}

type Block = { text: string; chips: SentenceChip[] };

/** Accumulates inline content into blocks. */
class BlockBuilder {
  readonly blocks: Block[] = [];
  private text = "";
  private chips: SentenceChip[] = [];
  private cellPending = false;

  append(str: string): void {
    if (str === "") return;
    this.separateCell();
    this.text += str;
  }

  chip(kind: SentenceChip["kind"], id: string): void {
    this.separateCell();
    this.chips.push({ kind, id, offset: this.text.length });
    this.text += CHIP_PLACEHOLDER;
  }

  /** Ends the block. */
  hard(): void {
    if (this.text.trim() !== "") this.blocks.push({ text: this.text, chips: this.chips });
    this.text = "";
    this.chips = [];
    this.cellPending = false;
  }

  /** Inside a table row: the next content starts a new cell. */
  soft(): void {
    this.cellPending = true;
  }

  private separateCell(): void {
    if (this.cellPending && this.text.trim() !== "") this.text += CELL_SEPARATOR;
    this.cellPending = false;
  }
}

function walk(node: unknown, builder: BlockBuilder, inRow: boolean, seen: Set<object>): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  const chip = chipOf(node);
  if (chip) {
    builder.chip(chip.kind, chip.id);
    return;
  }
  const { type, text } = node as { type?: unknown; text?: unknown };
  if (type === "text") {
    if (typeof text !== "string") return;
    text.split(/\r?\n/).forEach((line, k) => {
      if (k > 0) boundary(builder, inRow);
      builder.append(line);
    });
    return;
  }
  if (type === "hardBreak") {
    boundary(builder, inRow);
    return;
  }
  if (!Array.isArray((node as { content?: unknown }).content)) return; // other inline atoms
  if (type === "tableRow") {
    builder.hard();
    for (const cell of childrenOf(node)) {
      builder.soft();
      walk(cell, builder, true, seen);
    }
    builder.hard();
    return;
  }
  boundary(builder, inRow);
  for (const child of childrenOf(node)) walk(child, builder, inRow, seen);
  boundary(builder, inRow);
}

/** A block boundary: ends the block, or, inside a table row, only separates cell content. */
function boundary(builder: BlockBuilder, inRow: boolean): void {
  if (inRow) builder.soft();
  else builder.hard();
}

const SENTENCE_ENDS = new Set(["。", "！", "？", "；", "!", "?", ";"]);
const CLOSERS = new Set(["”", "’", "」", "』", "）", ")", "】", "》", "\"", "'"]);

function splitSentences(block: Block): Sentence[] {
  const sentences: Sentence[] = [];
  const { text } = block;
  let start = 0;
  const push = (end: number) => {
    const slice = text.slice(start, end);
    if (slice.trim() !== "") {
      const chips = block.chips
        .filter((c) => c.offset >= start && c.offset < end)
        .map((c) => ({ ...c, offset: c.offset - start }));
      sentences.push({ text: slice, chips });
    }
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    if (!SENTENCE_ENDS.has(text[i])) continue;
    let end = i + 1;
    while (end < text.length && (SENTENCE_ENDS.has(text[end]) || CLOSERS.has(text[end]))) end++;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return sentences;
}

// ---------------------------------------------------------------------------
// Checking one sentence
// ---------------------------------------------------------------------------

/** A value a figure may be compared with: an indicator, or one key figure of a project. */
type Candidate = {
  label: string;
  value: number;
  unit: string;
  baseUnit: string;
  /** `value` in the base unit (× the magnitude of `unit`). */
  scaled: number;
  /** True for a project's total investment: needs 投资 near the figure. */
  investment: boolean;
};

/** A chip whose entity has something to compare with. */
type Subject = {
  chip: SentenceChip;
  name: string;
  candidates: Candidate[];
  current: (c: Candidate) => Warning["current"];
};

/** A figure with the words around it in its clause. */
type StatedFigure = { figure: Figure; context: string };

function checkSentence(sentence: Sentence, entities: EntityValues, skipTargets: boolean): Warning[] {
  const subjects = sentence.chips
    .map((chip) => subjectOf(chip, entities))
    .filter((s): s is Subject => s !== null);
  if (subjects.length === 0) return [];

  const all = findFigures(sentence.text).filter((f) => f.unit !== "");
  const figures: StatedFigure[] = all
    .map((figure, index) => ({ figure, context: contextOf(sentence.text, all, index) }))
    .filter((f) => !(skipTargets && isTarget(sentence.text, f.figure)));

  // Rule 5: each figure goes to the nearest chip it is compatible with.
  const attributed = new Map<Subject, StatedFigure[]>();
  for (const f of figures) {
    let best: Subject | null = null;
    let bestDistance = Infinity;
    for (const subject of subjects) {
      if (!subject.candidates.some((c) => compatible(f, c))) continue;
      const d = distance(sentence.text, subject.chip.offset, f.figure);
      // Strictly nearer only: subjects are in text order, so a tie keeps the earlier chip.
      if (d < bestDistance) {
        best = subject;
        bestDistance = d;
      }
    }
    if (best) attributed.set(best, [...(attributed.get(best) ?? []), f]);
  }

  const found: { warning: Warning; at: number; chip: number }[] = [];
  const display = displayText(sentence, entities);
  for (const [subject, stated] of attributed) {
    for (const [f, candidate] of match(sentence.text, subject, stated)) {
      if (satisfies(f.figure, candidate.scaled)) continue;
      found.push({
        at: f.figure.start,
        chip: subject.chip.offset,
        warning: {
          kind: subject.chip.kind,
          entityId: subject.chip.id,
          entityName: subject.name,
          sentence: display,
          stated: {
            raw: f.figure.raw,
            value: f.figure.value,
            unit: f.figure.unit,
            qualifier: f.figure.qualifier,
          },
          current: subject.current(candidate),
        },
      });
    }
  }
  found.sort((a, b) => a.at - b.at || a.chip - b.chip);
  return found.map((f) => f.warning);
}

function subjectOf(chip: SentenceChip, entities: EntityValues): Subject | null {
  if (chip.kind === "indicator") {
    const indicator = entities.indicators.get(chip.id);
    if (!indicator || indicator.value === null || !Number.isFinite(indicator.value)) return null;
    const candidate = candidateOf(indicator.name, indicator.value, indicator.unit, false);
    if (!candidate) return null;
    const asOf = indicator.asOf ?? indicator.period;
    return {
      chip,
      name: indicator.name,
      candidates: [candidate],
      current: (c) => ({ value: c.value, unit: c.unit, asOf }),
    };
  }
  const project = entities.projects.get(chip.id);
  if (!project) return null;
  const candidates = project.figures
    .map((f) => candidateOf(f.label, f.value, f.unit, false))
    .filter((c): c is Candidate => c !== null);
  if (project.totalInvestment !== null) {
    const investment = candidateOf("总投资", project.totalInvestment, "亿元", true);
    if (investment) candidates.push(investment);
  }
  if (candidates.length === 0) return null;
  return {
    chip,
    name: project.name,
    candidates,
    current: (c) => ({ value: c.value, unit: c.unit, asOf: null, label: c.label }),
  };
}

function candidateOf(label: string, value: number, unit: string, investment: boolean): Candidate | null {
  if (!Number.isFinite(value)) return null;
  const { scale, baseUnit } = parseUnit(unit);
  if (baseUnit === "") return null;
  return { label, value, unit, baseUnit, scaled: value * scale, investment };
}

function compatible(f: StatedFigure, c: Candidate): boolean {
  if (!sameBaseUnit(f.figure.baseUnit, c.baseUnit)) return false;
  return !c.investment || f.context.includes("投资");
}

/**
 * Rule 6: which attributed figure is checked against which candidate. An indicator (one
 * candidate) takes its nearest figure; a project matches each key figure with at most one
 * figure, best label overlap first, then nearest.
 */
function match(text: string, subject: Subject, stated: StatedFigure[]): [StatedFigure, Candidate][] {
  const pairs: { f: StatedFigure; c: Candidate; score: number; d: number; after: boolean }[] = [];
  for (const f of stated) {
    for (const c of subject.candidates) {
      if (!compatible(f, c)) continue;
      const d = distance(text, subject.chip.offset, f.figure);
      if (d === Infinity) continue;
      const score = subject.chip.kind === "project" ? labelScore(c.label, f.context) : 0;
      pairs.push({ f, c, score, d, after: f.figure.start > subject.chip.offset });
    }
  }
  // On equal distance, the figure after the chip: 「[chip] 1567 家」 is its subject–figure order.
  pairs.sort((a, b) => b.score - a.score || a.d - b.d || Number(b.after) - Number(a.after));
  const usedFigures = new Set<StatedFigure>();
  const usedCandidates = new Set<Candidate>();
  const result: [StatedFigure, Candidate][] = [];
  for (const { f, c } of pairs) {
    if (usedFigures.has(f) || usedCandidates.has(c)) continue;
    usedFigures.add(f);
    usedCandidates.add(c);
    result.push([f, c]);
  }
  return result;
}

/**
 * Characters between a chip (one placeholder character) and a figure; Infinity for a figure
 * before the chip in an earlier clause, which the chip does not reach (rule 5).
 */
function distance(text: string, chipOffset: number, figure: Figure): number {
  if (figure.start > chipOffset) return figure.start - (chipOffset + 1);
  const gap = text.slice(figure.end, chipOffset);
  return CLAUSE_BREAK.test(gap) ? Infinity : Math.max(0, gap.length);
}

/** Ends of clauses, for the words that belong with a figure. */
const CLAUSE_BREAK = /[，,、；;：:。！？!?|]/;

/**
 * The words of a figure's clause around it: from the clause start (or the previous figure) to
 * the figure, and from the figure to the clause end (or the next figure). 「具备年产服务器
 * 36 万台、微型计算机 75 万台」 gives 「具备年产服务器」 for 36 万台 and 「微型计算机」 for 75 万台.
 */
function contextOf(text: string, figures: Figure[], index: number): string {
  const figure = figures[index];
  let from = index > 0 ? Math.max(figures[index - 1].end, 0) : 0;
  for (let k = figure.start - 1; k >= from; k--) {
    if (CLAUSE_BREAK.test(text[k])) {
      from = k + 1;
      break;
    }
  }
  let to = index + 1 < figures.length ? figures[index + 1].start : text.length;
  for (let k = figure.end; k < to; k++) {
    if (CLAUSE_BREAK.test(text[k])) {
      to = k;
      break;
    }
  }
  return (text.slice(from, figure.start) + text.slice(figure.end, Math.max(to, figure.end)))
    .split(CHIP_PLACEHOLDER)
    .join("");
}

/** How many distinct two-character pieces of `label` occur in `context` (单字 labels: 0 or 1). */
function labelScore(label: string, context: string): number {
  const clean = label.replace(/\s+/g, "");
  if (clean.length === 1) return context.includes(clean) ? 1 : 0;
  const pieces = new Set<string>();
  for (let k = 0; k + 2 <= clean.length; k++) pieces.add(clean.slice(k, k + 2));
  let score = 0;
  for (const piece of pieces) if (context.includes(piece)) score++;
  return score;
}

/** Words that make what follows a target: 力争, 争取, 目标, 到 2025 年 (not 截至 2020 年). */
const TARGET_MARKER = /力争|争取|目标|(?<!截|截止)(?:到|至)\s*(?:19|20)\d{2}\s*年/g;

function isTarget(text: string, figure: Figure): boolean {
  for (const m of text.matchAll(TARGET_MARKER)) {
    if (m.index < figure.start) return true;
  }
  // A marker later in the figure's own clause: 「达到 2000 家的目标」.
  let end = figure.end;
  while (end < text.length && !CLAUSE_BREAK.test(text[end])) end++;
  return new RegExp(TARGET_MARKER.source).test(text.slice(figure.end, end));
}

/** The sentence as the reader sees it: each chip replaced by its entity's name. */
function displayText(sentence: Sentence, entities: EntityValues): string {
  let out = "";
  let last = 0;
  for (const chip of sentence.chips) {
    out += sentence.text.slice(last, chip.offset);
    const entity =
      chip.kind === "indicator" ? entities.indicators.get(chip.id) : entities.projects.get(chip.id);
    out += entity?.name ?? "";
    last = chip.offset + 1;
  }
  out += sentence.text.slice(last);
  return out.trim();
}
