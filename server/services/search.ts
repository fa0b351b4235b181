import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Db, DbOrTx } from "@/db/client";
import { indicators, plans, projectMilestones, projects, searchEntries, sectionLinks, sections } from "@/db/schema";
import { SECTION_FRAGMENT } from "@/lib/editor/extensions";
import { INDICATOR_REF, PROJECT_REF } from "@/lib/editor/references";
import { chunkUnits, findMatches, passageOf, type Range, searchQuery, tokenise, tsvectorLiteral } from "@/lib/search/tokenise";
import { loadSectionDocument } from "@/server/collab/persistence";

/**
 * Chinese full-text search over sections, projects and indicators: n-grams made in
 * `lib/search/tokenise.ts`, stored as tsvectors (one row per passage) in `search_entries` with a GIN
 * index, matched with tsquery phrases, every candidate then checked exactly and highlighted here.
 */

export type SearchKind = "section" | "project" | "indicator";
export const searchKinds: readonly SearchKind[] = ["section", "project", "indicator"];

/** One piece of a text block: text, or a chip (indexed under the cited entity's current name). */
type Part = string | { chip: "project" | "indicator"; id: string };
type EntryText = { row: number; blockIndex: number | null; text: string };
type Entity = { kind: SearchKind; id: string; planId?: string };

/** Node names of the editor's text blocks: the units of a passage (and of the browser's jump to it). */
const TEXT_BLOCKS = new Set(["paragraph", "heading", "codeBlock"]);

/**
 * The text blocks of a section body in document order (paragraphs, headings, code blocks — also
 * inside lists, quotes and table cells), each as text and chips; empty blocks too, so that block
 * indexes line up with the editor's text blocks.
 */
export function sectionBlocks(doc: Y.Doc): Part[][] {
  const blocks: Part[][] = [];
  const inline = (element: Y.XmlElement, parts: Part[]) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as { insert?: unknown }[]) if (typeof op.insert === "string") parts.push(op.insert);
      } else if (child instanceof Y.XmlElement) {
        const id = child.getAttribute("id");
        if (child.nodeName === PROJECT_REF && typeof id === "string") parts.push({ chip: "project", id });
        else if (child.nodeName === INDICATOR_REF && typeof id === "string") parts.push({ chip: "indicator", id });
        else if (child.nodeName === "hardBreak") parts.push("\n");
      }
    }
  };
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (TEXT_BLOCKS.has(child.nodeName)) {
        const parts: Part[] = [];
        inline(child, parts);
        blocks.push(parts);
      } else {
        walk(child);
      }
    }
  };
  walk(doc.getXmlFragment(SECTION_FRAGMENT));
  return blocks;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The blocks as plain text, chips as the current names of what they cite (unknown ones as nothing). */
async function blockTexts(db: DbOrTx, blocks: Part[][]): Promise<string[]> {
  const ids = { project: new Set<string>(), indicator: new Set<string>() };
  for (const block of blocks) for (const part of block) if (typeof part !== "string" && UUID.test(part.id)) ids[part.chip].add(part.id.toLowerCase());
  const names = new Map<string, string>();
  if (ids.project.size)
    for (const row of await db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, [...ids.project])))
      names.set(row.id, row.name);
  if (ids.indicator.size)
    for (const row of await db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(inArray(indicators.id, [...ids.indicator])))
      names.set(row.id, row.name);
  return blocks.map((block) => block.map((part) => (typeof part === "string" ? part : (names.get(part.id.toLowerCase()) ?? ""))).join(""));
}

/** Index rows of texts: a text with no units is skipped; a very long one is split into overlapping rows. */
function entriesOf(texts: { blockIndex: number | null; text: string }[]): EntryText[] {
  const entries: EntryText[] = [];
  for (const { blockIndex, text } of texts) {
    const units = tokenise(text);
    if (units.length === 0 && entries.length > 0) continue;
    for (const chunk of chunkUnits(units)) {
      const slice = chunk.length ? text.slice(chunk[0]!.start, chunk[chunk.length - 1]!.end) : text;
      entries.push({ row: entries.length, blockIndex, text: slice });
    }
  }
  return entries;
}

/**
 * Replaces an entity's rows. Writers of the same entity (several instances, a rename during typing)
 * take turns on a transaction-scoped advisory lock, so rows of two writes never mix.
 */
async function writeEntries(db: Db, entity: Entity, texts: { blockIndex: number | null; text: string }[], indexedAt = new Date()) {
  const entries = entriesOf(texts);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`search:${entity.id}`}))`);
    await tx.delete(searchEntries).where(eq(searchEntries.entityId, entity.id));
    if (entries.length === 0) return;
    await tx.insert(searchEntries).values(
      entries.map((entry) => ({
        kind: entity.kind,
        entityId: entity.id,
        row: entry.row,
        blockIndex: entry.blockIndex,
        planId: entity.planId ?? null,
        sectionId: entity.kind === "section" ? entity.id : null,
        projectId: entity.kind === "project" ? entity.id : null,
        indicatorId: entity.kind === "indicator" ? entity.id : null,
        text: entry.text,
        tsv: tsvectorLiteral(tokenise(entry.text)),
        updatedAt: indexedAt,
      })),
    );
  });
}

/**
 * Indexes a section: its title (row 0) and each text block of its body. `blocks` is the body as
 * read from a live document; without it the stored document is loaded. A section deleted meanwhile
 * is skipped (its rows went with it).
 */
export async function indexSection(db: Db, sectionId: string, blocks?: Part[][], indexedAt = new Date()): Promise<void> {
  const [section] = await db.select({ title: sections.title, planId: sections.planId }).from(sections).where(eq(sections.id, sectionId));
  if (!section) return;
  if (!blocks) {
    const { doc } = await loadSectionDocument(db, sectionId);
    blocks = sectionBlocks(doc);
    doc.destroy();
  }
  const texts = await blockTexts(db, blocks);
  try {
    await writeEntries(db, { kind: "section", id: sectionId, planId: section.planId }, [
      { blockIndex: null, text: section.title },
      ...texts.map((text, blockIndex) => ({ blockIndex, text })),
    ], indexedAt);
  } catch (error) {
    // Deleted between the read and the write: nothing to index.
    if ((error as { code?: string; cause?: { code?: string } }).code === "23503" || (error as { cause?: { code?: string } }).cause?.code === "23503") return;
    throw error;
  }
}

const formatNumber = (value: number | null) => (value === null ? "" : String(value));

/** Indexes a project: name (row 0), description, category and location, key figures, milestones. */
export async function indexProject(db: Db, projectId: string): Promise<void> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) return;
  const milestones = await db.select({ title: projectMilestones.title }).from(projectMilestones).where(eq(projectMilestones.projectId, projectId)).orderBy(asc(projectMilestones.position));
  await writeEntries(db, { kind: "project", id: project.id }, [
    { blockIndex: null, text: project.name },
    { blockIndex: null, text: project.description },
    { blockIndex: null, text: [project.category, project.location].filter(Boolean).join(" · ") },
    ...project.figures.map((figure) => ({ blockIndex: null, text: `${figure.label} ${formatNumber(figure.value)}${figure.unit}` })),
    ...milestones.map((milestone) => ({ blockIndex: null, text: milestone.title })),
  ]);
}

/** Indexes an indicator: name (row 0), description, category and unit. */
export async function indexIndicator(db: Db, indicatorId: string): Promise<void> {
  const [indicator] = await db.select().from(indicators).where(eq(indicators.id, indicatorId));
  if (!indicator) return;
  await writeEntries(db, { kind: "indicator", id: indicator.id }, [
    { blockIndex: null, text: indicator.name },
    { blockIndex: null, text: indicator.description },
    { blockIndex: null, text: [indicator.category, indicator.unit].filter(Boolean).join(" · ") },
  ]);
}

/**
 * Re-indexes a project or indicator, and — when its name changed — the sections whose chips cite it
 * (chips are indexed under the cited name).
 */
export async function indexRegistryEntry(db: Db, kind: "project" | "indicator", id: string, options: { nameChanged?: boolean } = {}) {
  await (kind === "project" ? indexProject(db, id) : indexIndicator(db, id));
  if (!options.nameChanged) return;
  const citing = await db
    .select({ sectionId: sectionLinks.sectionId })
    .from(sectionLinks)
    .where(and(eq(sectionLinks.targetType, kind), eq(sectionLinks.targetId, id)));
  for (const { sectionId } of citing) await indexSection(db, sectionId);
}

/** Margin for clocks of several instances and the database when deciding an index row is stale. */
const STALE_MARGIN = sql`interval '2 seconds'`;

/**
 * Indexes what has no index rows yet or changed after its rows were written: after the migration
 * that adds the index, after the seed, and after a stop that came before a pending index write.
 * Returns how many entities were indexed.
 */
export async function backfillSearchIndex(db: Db): Promise<number> {
  const row0 = (entityId: unknown) => sql`(select e.updated_at from ${searchEntries} e where e.entity_id = ${entityId} and e.row = 0)`;
  const staleSections = await db.execute(sql`
    select s.id from ${sections} s
    where ${row0(sql`s.id`)} is null
       or ${row0(sql`s.id`)} < greatest(
            s.updated_at,
            (select d.updated_at from section_documents d where d.section_id = s.id),
            (select max(u.created_at) from section_updates u where u.section_id = s.id)
          ) + ${STALE_MARGIN}`);
  const staleProjects = await db.execute(sql`select p.id from ${projects} p where ${row0(sql`p.id`)} is null or ${row0(sql`p.id`)} < p.updated_at + ${STALE_MARGIN}`);
  const staleIndicators = await db.execute(sql`select i.id from ${indicators} i where ${row0(sql`i.id`)} is null or ${row0(sql`i.id`)} < i.updated_at + ${STALE_MARGIN}`);
  const ids = (result: unknown) => (result as { rows: { id: string }[] }).rows.map((row) => row.id);
  for (const id of ids(staleProjects)) await indexProject(db, id);
  for (const id of ids(staleIndicators)) await indexIndicator(db, id);
  for (const id of ids(staleSections)) await indexSection(db, id);
  return ids(staleSections).length + ids(staleProjects).length + ids(staleIndicators).length;
}

/**
 * Keeps section rows current while sections are typed in: told after each store (cheap: one walk
 * of the document), it writes a section's rows only when its text changed, at most once per
 * `minIntervalMs` per section (the last change always written).
 */
export function sectionSearchIndexer(db: Db, options: { minIntervalMs?: number } = {}) {
  const minIntervalMs = options.minIntervalMs ?? 1000;
  type State = { indexedKey?: string; pending?: { blocks: Part[][]; key: string; at: Date }; timer?: NodeJS.Timeout; lastRun: number; running: Promise<void> };
  const states = new Map<string, State>();

  const run = (sectionId: string, state: State) => {
    state.timer = undefined;
    const pending = state.pending;
    if (!pending) return state.running;
    state.pending = undefined;
    state.lastRun = Date.now();
    state.running = state.running.then(() =>
      indexSection(db, sectionId, pending.blocks, pending.at).then(
        () => void (state.indexedKey = pending.key),
        (error: unknown) => console.error(`[search] indexing section ${sectionId} failed:`, (error as Error).message),
      ),
    );
    return state.running;
  };

  return {
    /** The section's document was stored: index its text if it changed. */
    stored(sectionId: string, doc: Y.Doc): void {
      const blocks = sectionBlocks(doc);
      const key = createHash("sha1").update(JSON.stringify(blocks)).digest("base64");
      let state = states.get(sectionId);
      if (!state) states.set(sectionId, (state = { lastRun: 0, running: Promise.resolve() }));
      if (key === (state.pending?.key ?? state.indexedKey)) return;
      state.pending = { blocks, key, at: new Date() };
      if (state.timer) return;
      const target = state;
      target.timer = setTimeout(() => void run(sectionId, target), Math.max(0, state.lastRun + minIntervalMs - Date.now()));
    },
    /** Writes every pending change now (shutdown, tests). */
    async flush(): Promise<void> {
      await Promise.all(
        [...states].map(([sectionId, state]) => {
          if (state.timer) clearTimeout(state.timer);
          return run(sectionId, state);
        }),
      );
    },
  };
}

export type SearchHit = {
  kind: SearchKind;
  id: string;
  title: string;
  titleHighlights: Range[];
  /** Sections: the plan, and the text block of the passage (null when only the title matched). */
  planId?: string;
  planTitle?: string;
  blockIndex?: number | null;
  /** The best matching passage of the body or description, null when only the title matched. */
  passage: { text: string; highlights: Range[] } | null;
  /** How many places match (title included). */
  matchCount: number;
  archived?: boolean;
};

/** How many candidate rows a query reads at most (titles first). */
const CANDIDATE_LIMIT = 2000;

/**
 * Searches the index: candidates by the n-gram phrase, each checked exactly (`findMatches`), one hit
 * per entity with its best passage. Ranking: title equal to the query, then title containing it,
 * then the rest; within each, more matches first, then shorter titles.
 */
export async function searchIndex(db: Db, input: { q: string; kinds: readonly SearchKind[]; limit: number }): Promise<SearchHit[]> {
  const query = searchQuery(input.q);
  if (!query || input.kinds.length === 0) return [];
  const rows = await db
    .select({ kind: searchEntries.kind, entityId: searchEntries.entityId, row: searchEntries.row, blockIndex: searchEntries.blockIndex, text: searchEntries.text })
    .from(searchEntries)
    .where(and(sql`${searchEntries.tsv} @@ ${query.tsquery}::tsquery`, inArray(searchEntries.kind, [...input.kinds])))
    .orderBy(desc(sql`${searchEntries.row} = 0`), asc(searchEntries.entityId), asc(searchEntries.row))
    .limit(CANDIDATE_LIMIT);

  type Candidate = { kind: SearchKind; matches: number; passage: SearchHit["passage"]; blockIndex: number | null };
  const candidates = new Map<string, Candidate>();
  for (const row of rows) {
    const ranges = findMatches(row.text, query.units);
    if (ranges.length === 0) continue;
    const candidate = candidates.get(row.entityId) ?? { kind: row.kind, matches: 0, passage: null, blockIndex: null };
    candidates.set(row.entityId, candidate);
    if (row.row === 0) continue;
    candidate.matches += ranges.length;
    // Rows arrive in order within an entity: the first body match is the passage shown.
    if (!candidate.passage) {
      candidate.passage = passageOf(row.text, ranges);
      candidate.blockIndex = row.blockIndex;
    }
  }
  if (candidates.size === 0) return [];

  const idsOf = (kind: SearchKind) => [...candidates].filter(([, candidate]) => candidate.kind === kind).map(([id]) => id);
  const hits: SearchHit[] = [];
  const queryKey = query.units.map((unit) => unit.text).join(" ");
  const addHit = (kind: SearchKind, id: string, title: string, extra: Partial<SearchHit>) => {
    const candidate = candidates.get(id)!;
    const titleHighlights = findMatches(title, query.units);
    hits.push({ kind, id, title, titleHighlights, passage: candidate.passage, matchCount: candidate.matches + titleHighlights.length, ...extra });
  };
  const sectionIds = idsOf("section");
  if (sectionIds.length) {
    const found = await db
      .select({ id: sections.id, title: sections.title, planId: sections.planId, planTitle: plans.title })
      .from(sections)
      .innerJoin(plans, eq(plans.id, sections.planId))
      .where(inArray(sections.id, sectionIds));
    for (const section of found)
      addHit("section", section.id, section.title, { planId: section.planId, planTitle: section.planTitle, blockIndex: candidates.get(section.id)!.blockIndex });
  }
  const projectIds = idsOf("project");
  if (projectIds.length)
    for (const project of await db.select({ id: projects.id, name: projects.name, archived: projects.archived }).from(projects).where(inArray(projects.id, projectIds)))
      addHit("project", project.id, project.name, { archived: project.archived });
  const indicatorIds = idsOf("indicator");
  if (indicatorIds.length)
    for (const indicator of await db.select({ id: indicators.id, name: indicators.name, archived: indicators.archived }).from(indicators).where(inArray(indicators.id, indicatorIds)))
      addHit("indicator", indicator.id, indicator.name, { archived: indicator.archived });

  const titleRank = (hit: SearchHit) =>
    tokenise(hit.title)
      .map((unit) => unit.text)
      .join(" ") === queryKey
      ? 0
      : hit.titleHighlights.length > 0
        ? 1
        : 2;
  const ranked = hits
    .filter((hit) => hit.titleHighlights.length > 0 || hit.passage)
    .map((hit) => ({ hit, rank: titleRank(hit) }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        b.hit.matchCount - a.hit.matchCount ||
        a.hit.title.length - b.hit.title.length ||
        a.hit.title.localeCompare(b.hit.title, "zh-CN"),
    );
  return ranked.slice(0, input.limit).map(({ hit }) => hit);
}
