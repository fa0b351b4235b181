import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import * as Y from "yjs";
import { type Db, type DbOrTx, isAnyUuid } from "@/db/client";
import { indicators, plans, projectMilestones, projects, searchEntries, sectionLinks, sections } from "@/db/schema";
import { INDICATOR_REF, PROJECT_REF, SECTION_FRAGMENT } from "@/lib/editor/names";
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

/** Current names of the projects and indicators the blocks' chips cite (one query per kind). */
async function chipNames(db: DbOrTx, blockLists: Part[][][]): Promise<Map<string, string>> {
  const ids = { project: new Set<string>(), indicator: new Set<string>() };
  for (const blocks of blockLists)
    for (const block of blocks) for (const part of block) if (typeof part !== "string" && UUID.test(part.id)) ids[part.chip].add(part.id.toLowerCase());
  const names = new Map<string, string>();
  if (ids.project.size)
    for (const row of await db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, [...ids.project])))
      names.set(row.id, row.name);
  if (ids.indicator.size)
    for (const row of await db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(inArray(indicators.id, [...ids.indicator])))
      names.set(row.id, row.name);
  return names;
}

/** The blocks as plain text, chips as the names of what they cite (unknown ones as nothing). */
const blockTexts = (blocks: Part[][], names: Map<string, string>) =>
  blocks.map((block) => block.map((part) => (typeof part === "string" ? part : (names.get(part.id.toLowerCase()) ?? ""))).join(""));

const HAS_UNIT = /[\p{L}\p{N}]/u;
/** Units per index row (tsvector positions stop at 16383); longer texts become overlapping rows. */
const ROW_UNITS = 4000;

/** Index rows of texts: row 0 (title or name) always; a text with no units is skipped; a very long one is split. */
function entriesOf(texts: { blockIndex: number | null; text: string }[]): EntryText[] {
  const entries: EntryText[] = [];
  for (const { blockIndex, text } of texts) {
    if (entries.length > 0 && !HAS_UNIT.test(text)) continue;
    // Only a text with more units than a row holds needs splitting (never more units than characters).
    if (text.length <= ROW_UNITS) {
      entries.push({ row: entries.length, blockIndex, text });
      continue;
    }
    for (const chunk of chunkUnits(tokenise(text), ROW_UNITS)) {
      const slice = chunk.length ? text.slice(chunk[0]!.start, chunk[chunk.length - 1]!.end) : text;
      entries.push({ row: entries.length, blockIndex, text: slice });
    }
  }
  return entries;
}

/** A digest of what a row holds, to tell a changed row from an unchanged one without keeping the text. */
const rowKey = (entry: EntryText) => createHash("sha1").update(`${entry.blockIndex ?? ""}|${entry.text}`).digest("base64");

/** The rows of an entity to write: the changed ones (all without `previous`) and how many rows it has now. */
type EntityWrite = { entity: Entity; rows: EntryText[]; rowCount: number };

/**
 * Writes rows of several entities in one transaction: changed rows upserted by (entity, row), rows
 * past each entity's new end deleted. Only upserts and range deletes, so concurrent writers of one
 * entity (instances sharing a section, a rename while typing) never conflict; the last write of a
 * row wins and every writer writes its current text. Rows and ends travel as array parameters
 * unnested by the database: statements of constant size, however many rows (live indexing writes
 * thousands of rows a second when many sections are typed in, and building a statement with a
 * parameter per value cost more CPU than anything else the indexer did).
 */
async function writeRows(db: Db, writes: EntityWrite[], indexedAt: Date) {
  const rows = writes.flatMap(({ entity, rows }) => rows.map((entry) => ({ entity, entry })));
  rows.sort((a, b) => (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : a.entry.row - b.entry.row));
  const ids = (list: readonly { entity: Entity }[]) => sql.param(list.map(({ entity }) => entity.id));
  await db.transaction(async (tx) => {
    if (rows.length > 0) {
      await tx.execute(sql`
        insert into ${searchEntries} (kind, entity_id, row, block_index, plan_id, section_id, project_id, indicator_id, text, tsv, updated_at)
        select v.kind::search_kind, v.entity_id, v.row, v.block_index, v.plan_id,
          case when v.kind = 'section' then v.entity_id end,
          case when v.kind = 'project' then v.entity_id end,
          case when v.kind = 'indicator' then v.entity_id end,
          v.text, v.tsv::tsvector, ${indexedAt}::timestamptz
        from unnest(
          -- The kinds as text: PGlite serializes arrays of the types it knows, not of an enum.
          ${sql.param(rows.map(({ entity }) => entity.kind))}::text[],
          ${ids(rows)}::uuid[],
          ${sql.param(rows.map(({ entry }) => entry.row))}::int[],
          ${sql.param(rows.map(({ entry }) => entry.blockIndex))}::int[],
          ${sql.param(rows.map(({ entity }) => entity.planId ?? null))}::uuid[],
          ${sql.param(rows.map(({ entry }) => entry.text))}::text[],
          ${sql.param(rows.map(({ entry }) => tsvectorLiteral(tokenise(entry.text))))}::text[]
        ) as v(kind, entity_id, row, block_index, plan_id, text, tsv)
        on conflict (entity_id, row) do update set
          block_index = excluded.block_index, plan_id = excluded.plan_id, text = excluded.text, tsv = excluded.tsv, updated_at = excluded.updated_at`);
    }
    if (writes.length === 0) return;
    await tx.execute(sql`delete from ${searchEntries} e
      using unnest(${ids(writes)}::uuid[], ${sql.param(writes.map(({ rowCount }) => rowCount))}::int[]) as ends(entity_id, row_count)
      where e.entity_id = ends.entity_id and e.row >= ends.row_count`);
    // Touch row 0 so that the start-up check sees when the entity was last indexed.
    await tx.execute(sql`update ${searchEntries} set updated_at = ${indexedAt} where row = 0 and entity_id = any(${ids(writes)}::uuid[])`);
  });
}

/** Rewrites every row of one entity. */
async function writeEntries(db: Db, entity: Entity, texts: { blockIndex: number | null; text: string }[], indexedAt = new Date()) {
  const rows = entriesOf(texts);
  await writeRows(db, [{ entity, rows, rowCount: rows.length }], indexedAt);
  return rows;
}

/** Rows this process last wrote per section (live indexing writes only rows that changed since). */
const writtenSectionRows = new Map<string, string[]>();

const isForeignKeyViolation = (error: unknown) =>
  (error as { code?: string }).code === "23503" || (error as { cause?: { code?: string } }).cause?.code === "23503";

/**
 * Indexes a section from its stored document: its title (row 0) and each text block of its body.
 * A section deleted meanwhile is skipped (its rows went with it).
 */
export async function indexSection(db: Db, sectionId: string): Promise<void> {
  const [section] = await db.select({ title: sections.title, planId: sections.planId }).from(sections).where(eq(sections.id, sectionId));
  if (!section) return;
  const { doc } = await loadSectionDocument(db, sectionId);
  const blocks = sectionBlocks(doc);
  doc.destroy();
  const texts = blockTexts(blocks, await chipNames(db, [blocks]));
  try {
    const rows = await writeEntries(db, { kind: "section", id: sectionId, planId: section.planId }, [
      { blockIndex: null, text: section.title },
      ...texts.map((text, blockIndex) => ({ blockIndex, text })),
    ]);
    writtenSectionRows.set(sectionId, rows.map(rowKey));
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
  }
}

/** Indexes every section of a plan from the stored documents (after sections were written directly, e.g. an imported plan). */
export async function indexPlanSections(db: Db, planId: string): Promise<void> {
  for (const { id } of await db.select({ id: sections.id }).from(sections).where(eq(sections.planId, planId))) await indexSection(db, id);
}

/** Re-indexes a section's title only (a rename): the body rows stay as live indexing wrote them. */
export async function indexSectionTitle(db: Db, sectionId: string): Promise<void> {
  const [section] = await db.select({ title: sections.title, planId: sections.planId }).from(sections).where(eq(sections.id, sectionId));
  if (!section) return;
  const [existing] = await db.select({ row: searchEntries.row }).from(searchEntries).where(and(eq(searchEntries.entityId, sectionId), eq(searchEntries.row, 0)));
  if (!existing) return indexSection(db, sectionId);
  const title = { row: 0, blockIndex: null, text: section.title };
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(searchEntries).where(eq(searchEntries.entityId, sectionId))) as [{ count: number }];
  await writeRows(db, [{ entity: { kind: "section", id: sectionId, planId: section.planId }, rows: [title], rowCount: count }], new Date());
  const written = writtenSectionRows.get(sectionId);
  if (written) written[0] = rowKey(title);
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
 * Keeps section rows current while sections are typed in. Told after each store, it only marks the
 * section (no work per store); a marked section's text is read at most once per `minIntervalMs`,
 * and only rows whose text changed are written. Sections due together are written in one
 * transaction by one writer at a time, at most `batchSize` of them, and at most
 * `maxSectionsPerSecond` a second: with more sections typed in than that, each waits its turn
 * (oldest first), so indexing takes a bounded share of the server however many people type.
 */
export function sectionSearchIndexer(db: Db, options: { minIntervalMs?: number; batchSize?: number; maxSectionsPerSecond?: number } = {}) {
  // 5 s: a section's first change after a pause is indexed at once, continuous typing every 5 s.
  // Reading and tokenising every typed-in section each second was ~15 % of what the collaboration
  // server allocated with 2,000 sections being typed in (and most of its database writes).
  const minIntervalMs = options.minIntervalMs ?? 5000;
  // 50 a batch: reading and tokenising them holds the event loop for a few milliseconds.
  const batchSize = options.batchSize ?? 50;
  // 100 a second: every 5 s for up to 500 sections typed in at once; with 2,000 (the benchmark's
  // 10,000 connections), every 20 s, instead of ~5 % of the server's CPU at 5 s.
  const maxSectionsPerSecond = options.maxSectionsPerSecond ?? 100;
  /** When the next batch may start (after the last one's share of the rate). */
  let notBefore = 0;
  const marked = new Map<string, { doc: Y.Doc; dueAt: number }>();
  const lastRun = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const rowsOfSection = (title: string, blocks: Part[][], names: Map<string, string>) =>
    entriesOf([{ blockIndex: null, text: title }, ...blockTexts(blocks, names).map((text, blockIndex) => ({ blockIndex, text }))]);

  const drain = async (everything: boolean) => {
    const now = Date.now();
    for (const [sectionId, at] of lastRun) if (now - at >= minIntervalMs) lastRun.delete(sectionId);
    const due = [...marked].filter(([, mark]) => everything || mark.dueAt <= now).slice(0, batchSize);
    for (const [sectionId] of due) {
      marked.delete(sectionId);
      lastRun.set(sectionId, now);
    }
    if (due.length === 0) return;
    if (!everything) notBefore = now + (due.length * 1000) / maxSectionsPerSecond;
    // Documents are read now, not at each store; a room unloaded meanwhile left its last state readable.
    const extracted = due.map(([sectionId, { doc }]) => ({ sectionId, doc, blocks: sectionBlocks(doc) }));
    try {
      const found = await db
        .select({ id: sections.id, title: sections.title, planId: sections.planId })
        .from(sections)
        // One array parameter, not one per section (this runs every few seconds while sections are typed in).
        .where(isAnyUuid(sections.id, extracted.map(({ sectionId }) => sectionId)));
      const sectionInfo = new Map(found.map((section) => [section.id, section]));
      const names = await chipNames(db, extracted.map(({ blocks }) => blocks));
      const writes: EntityWrite[] = [];
      const written = new Map<string, string[]>();
      for (const { sectionId, blocks } of extracted) {
        const section = sectionInfo.get(sectionId);
        if (!section) continue;
        const rows = rowsOfSection(section.title, blocks, names);
        const keys = rows.map(rowKey);
        const previous = writtenSectionRows.get(sectionId);
        const changed = previous ? rows.filter((_, index) => previous[index] !== keys[index]) : rows;
        if (changed.length === 0 && previous?.length === rows.length) continue;
        writes.push({ entity: { kind: "section", id: sectionId, planId: section.planId }, rows: changed, rowCount: rows.length });
        written.set(sectionId, keys);
      }
      if (writes.length) await writeRows(db, writes, new Date(now));
      for (const [sectionId, keys] of written) writtenSectionRows.set(sectionId, keys);
    } catch (error) {
      // A section deleted during the write, or the database unavailable: try these again shortly, one by one.
      console.error(`[search] indexing ${extracted.length} section(s) failed; retrying:`, (error as Error).message);
      for (const { sectionId, doc } of extracted) {
        writtenSectionRows.delete(sectionId);
        if (!marked.has(sectionId)) marked.set(sectionId, { doc, dueAt: now + (isForeignKeyViolation(error) ? 0 : 5000) });
      }
      if (isForeignKeyViolation(error) && extracted.length > 1) {
        const retry = await Promise.allSettled(extracted.map(({ sectionId }) => indexSection(db, sectionId)));
        extracted.forEach(({ sectionId }, index) => retry[index]!.status === "fulfilled" && marked.delete(sectionId));
      }
    }
  };

  const schedule = () => {
    if (timer || running || marked.size === 0) return;
    let next = Infinity;
    for (const { dueAt } of marked.values()) next = Math.min(next, dueAt);
    next = Math.max(next, notBefore);
    timer = setTimeout(() => {
      timer = undefined;
      running = drain(false).finally(() => {
        running = null;
        schedule();
      });
    }, Math.max(0, next - Date.now()));
  };

  return {
    /** The section's document was stored: index it soon (once its text is read, only if it changed). */
    stored(sectionId: string, doc: Y.Doc): void {
      const mark = marked.get(sectionId);
      if (mark) mark.doc = doc;
      else marked.set(sectionId, { doc, dueAt: (lastRun.get(sectionId) ?? 0) + minIntervalMs });
      schedule();
    },
    /** Writes everything marked now (shutdown, tests). */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      while (marked.size) await drain(true);
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
