import { asc, eq, inArray } from "drizzle-orm";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type { Db } from "@/db/client";
import { departments, indicators, plans, projects, sections, sectionVersions, type VersionFigure } from "@/db/schema";
import { INDICATOR_REF, PROJECT_REF, SECTION_FRAGMENT } from "@/lib/editor/names";
import type { ExportIndicator, ExportModel, ExportNode, ExportProject, ExportSection } from "@/lib/export/document";
import { HeadingCounter } from "@/lib/export/numbering";
import { chineseDate, exportVocabulary } from "@/lib/export/vocabulary";
import type { SectionDocumentHost } from "@/server/collab/host";
import { type Actor, authorize } from "@/server/policy";
import { latestObservations } from "@/server/services/indicators";
import { DomainError } from "../errors";
import { orderSectionTree } from "../plans";

export type ExportRequest = {
  actor: Actor;
  planId: string;
  /** One section and its subsections; the whole plan when absent. */
  sectionId?: string | null;
  /** Approved versions only. */
  approved?: boolean;
  /** The date line's date (tests pin it). */
  now?: Date;
};

type ChipKind = "project" | "indicator";
const chipKind = (type: string): ChipKind | null => (type === PROJECT_REF ? "project" : type === INDICATOR_REF ? "indicator" : null);
const chipId = (node: ExportNode) => (typeof node.attrs?.id === "string" ? node.attrs.id.toLowerCase() : null);

/** Every chip of a body, in reading order. */
function chipsOf(node: ExportNode, found: { kind: ChipKind; id: string }[] = []) {
  const kind = chipKind(node.type);
  const id = chipId(node);
  if (kind && id) found.push({ kind, id });
  for (const child of node.content ?? []) chipsOf(child, found);
  return found;
}

/** A body with its chips turned into their names (keeping the chip's marks). */
function resolveChips(node: ExportNode, nameOf: (kind: ChipKind, id: string | null) => string): ExportNode {
  const kind = chipKind(node.type);
  if (kind) return { type: "text", text: nameOf(kind, chipId(node)), ...(node.marks ? { marks: node.marks } : {}) };
  return node.content ? { ...node, content: node.content.map((child) => resolveChips(child, nameOf)) } : node;
}

/**
 * Numbers the headings of a body below its section's depth: the body's heading levels, in order
 * of size, become the next depths (a body using levels 3 and 4 under a 一、 section gives （一） and
 * 1.). Top-level headings take numbers from the document's one counter, so child sections that
 * follow continue the count; headings nested in lists or quotes keep their depth without a number.
 */
export function numberBodyHeadings(body: ExportNode, sectionDepth: number, counter: HeadingCounter): ExportNode {
  const levels = [...new Set((body.content ?? []).filter((node) => node.type === "heading").map((node) => Number(node.attrs?.level ?? 1)))].sort((a, b) => a - b);
  const depthOf = (level: number) => sectionDepth + 1 + Math.max(0, levels.indexOf(level));
  const nested = (node: ExportNode): ExportNode => {
    const withChildren = node.content ? { ...node, content: node.content.map(nested) } : node;
    if (node.type !== "heading") return withChildren;
    const level = Number(node.attrs?.level ?? 1);
    return { ...withChildren, attrs: { ...node.attrs, level, depth: depthOf(level), number: "" } };
  };
  return {
    ...body,
    content: (body.content ?? []).map((node) => {
      if (node.type !== "heading") return nested(node);
      const level = Number(node.attrs?.level ?? 1);
      const depth = depthOf(level);
      return { ...nested(node), attrs: { ...node.attrs, level, depth, number: counter.next(depth) } };
    }),
  };
}

async function projectsById(db: Db, ids: string[]): Promise<Map<string, ExportProject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      ownerDepartment: departments.name,
      status: projects.status,
      totalInvestment: projects.totalInvestment,
      figures: projects.figures,
    })
    .from(projects)
    .innerJoin(departments, eq(departments.id, projects.ownerDepartmentId))
    .where(inArray(projects.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

async function indicatorsById(db: Db, ids: string[]): Promise<Map<string, ExportIndicator>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(indicators).where(inArray(indicators.id, ids));
  const latestById = await latestObservations(db, ids);
  return new Map(
    rows.map((row) => {
      const current = latestById.get(row.id);
      return [
        row.id,
        {
          id: row.id,
          name: row.name,
          unit: row.unit,
          baseline: { value: row.baselineValue, year: row.baselineYear },
          current: current ? { value: current.value, period: current.period } : null,
          target: { value: row.targetValue, year: row.targetYear },
        },
      ];
    }),
  );
}

/** The plan's section rows in reading order, with depth. */
async function planSections(db: Db, planId: string) {
  const rows = await db
    .select({ id: sections.id, title: sections.title, parentId: sections.parentId, position: sections.position, approvedVersionId: sections.approvedVersionId })
    .from(sections)
    .where(eq(sections.planId, planId))
    .orderBy(asc(sections.position));
  return orderSectionTree(rows);
}

/** The ids of a section and everything below it. */
function subtreeIds(rows: { id: string; parentId: string | null }[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (const row of rows) if (row.parentId && ids.has(row.parentId)) ids.add(row.id);
  return ids;
}

/**
 * What an export of a plan contains: the section tree in reading order, numbered 一、（一）1.（1）
 * by depth (headings inside a body continue below their section's depth), each body as
 * ProseMirror JSON with chips as their live names, and the projects and indicators the exported
 * text cites with their figures.
 *
 * Current text is read through the document host (live rooms included). With `approved`, each
 * section's approved version is used; a section without one keeps its heading (so the structure
 * stays visible) and is marked pending with no body. Numbers follow the exported text, so a
 * section after a pending one may be numbered differently from the current-text export when the
 * pending section's body had headings of its own.
 *
 * The cited projects and indicators are those of the chips in the exported bodies: for current
 * text exactly the section_links rows (derived from the same chips), and for approved versions
 * what those versions cite.
 */
export async function buildExportModel(db: Db, host: SectionDocumentHost, request: ExportRequest): Promise<ExportModel> {
  authorize(request.actor, "plan.read");
  authorize(request.actor, "section.read");
  if (request.approved) authorize(request.actor, "version.read");
  const [plan] = await db.select().from(plans).where(eq(plans.id, request.planId));
  if (!plan) throw new DomainError("NOT_FOUND", "Unknown plan", "planId");
  const rows = await planSections(db, plan.id);
  if (request.sectionId && !rows.some((row) => row.id === request.sectionId)) throw new DomainError("NOT_FOUND", "Unknown section", "sectionId");

  // Every body is read, even for one section: numbers depend on the headings of the sections before it.
  const versionIds = request.approved ? rows.map((row) => row.approvedVersionId).filter((id): id is string => id !== null) : [];
  const versions = versionIds.length
    ? await db.select({ id: sectionVersions.id, content: sectionVersions.content, figures: sectionVersions.figures }).from(sectionVersions).where(inArray(sectionVersions.id, versionIds))
    : [];
  const versionById = new Map(versions.map((version) => [version.id, version]));
  const bodies = new Map<string, { body: ExportNode | null; source: ExportSection["source"]; figures: VersionFigure[] }>();
  for (const row of rows) {
    if (request.approved) {
      const version = row.approvedVersionId ? versionById.get(row.approvedVersionId) : undefined;
      bodies.set(
        row.id,
        version
          ? { body: version.content as ExportNode, source: { kind: "approved", versionId: version.id }, figures: version.figures }
          : { body: null, source: { kind: "pending" }, figures: [] },
      );
    } else {
      const body = await host.read(row.id, (doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(SECTION_FRAGMENT)) as ExportNode);
      bodies.set(row.id, { body, source: { kind: "current" }, figures: [] });
    }
  }

  const chips = [...bodies.values()].flatMap(({ body }) => (body ? chipsOf(body) : []));
  const projectMap = await projectsById(db, [...new Set(chips.filter((chip) => chip.kind === "project").map((chip) => chip.id))]);
  const indicatorMap = await indicatorsById(db, [...new Set(chips.filter((chip) => chip.kind === "indicator").map((chip) => chip.id))]);
  // A chip whose entity is gone keeps the name stored with the version, if any.
  const storedNames = new Map([...bodies.values()].flatMap(({ figures }) => figures.map((figure) => [figure.id.toLowerCase(), figure.name] as const)));
  const nameOf = (kind: ChipKind, id: string | null) => {
    const live = id ? (kind === "project" ? projectMap.get(id)?.name : indicatorMap.get(id)?.name) : undefined;
    return live ?? (id ? storedNames.get(id) : undefined) ?? (kind === "project" ? exportVocabulary.deletedProject : exportVocabulary.deletedIndicator);
  };

  const counter = new HeadingCounter();
  const numbered: ExportSection[] = rows.map((row) => {
    const { body, source } = bodies.get(row.id)!;
    const number = counter.next(row.depth);
    return {
      id: row.id,
      title: row.title,
      depth: row.depth,
      number,
      body: body ? numberBodyHeadings(resolveChips(body, nameOf), row.depth, counter) : null,
      source,
    };
  });
  const included = request.sectionId ? subtreeIds(rows, request.sectionId) : null;
  const exported = included ? numbered.filter((section) => included.has(section.id)) : numbered;

  const cited = exported.flatMap((section) => {
    const source = bodies.get(section.id)!.body;
    return source ? chipsOf(source) : [];
  });
  const citedIds = (kind: ChipKind) => [...new Set(cited.filter((chip) => chip.kind === kind).map((chip) => chip.id))];
  return {
    plan: { id: plan.id, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    approvedOnly: Boolean(request.approved),
    sectionId: request.sectionId ?? null,
    dateLine: chineseDate(request.now ?? new Date()),
    sections: exported,
    projects: citedIds("project").flatMap((id) => projectMap.get(id) ?? []),
    indicators: citedIds("indicator").flatMap((id) => indicatorMap.get(id) ?? []),
  };
}
