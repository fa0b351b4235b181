import { and, eq, inArray } from "drizzle-orm";
import { type DbOrTx, isAnyUuid } from "@/db/client";
import { indicators, projects, sectionLinks } from "@/db/schema";
import type { SectionReferences } from "@/lib/editor/reference-links";

/**
 * Makes the section's rows in `section_links` match the document's chips (ids of entities that do
 * not exist are ignored). The table is only ever written here.
 */
export async function syncSectionLinks(db: DbOrTx, sectionId: string, references: SectionReferences): Promise<void> {
  const existingProjects = references.projects.length
    ? (await db.select({ id: projects.id }).from(projects).where(inArray(projects.id, references.projects))).map((row) => row.id)
    : [];
  const existingIndicators = references.indicators.length
    ? (await db.select({ id: indicators.id }).from(indicators).where(inArray(indicators.id, references.indicators))).map((row) => row.id)
    : [];
  const wanted = [
    ...existingProjects.map((targetId) => ({ sectionId, targetType: "project" as const, targetId })),
    ...existingIndicators.map((targetId) => ({ sectionId, targetType: "indicator" as const, targetId })),
  ];
  const current = await db.select().from(sectionLinks).where(eq(sectionLinks.sectionId, sectionId));
  const key = (link: { targetType: string; targetId: string }) => `${link.targetType}:${link.targetId}`;
  const wantedKeys = new Set(wanted.map(key));
  const currentKeys = new Set(current.map(key));
  const stale = current.filter((link) => !wantedKeys.has(key(link)));
  for (const link of stale) {
    await db
      .delete(sectionLinks)
      .where(and(eq(sectionLinks.sectionId, sectionId), eq(sectionLinks.targetType, link.targetType), eq(sectionLinks.targetId, link.targetId)));
  }
  const added = wanted.filter((link) => !currentKeys.has(key(link)));
  if (added.length) await db.insert(sectionLinks).values(added).onConflictDoNothing();
}

/** The links stored for each of these sections (sections without links are absent). */
export async function storedLinksOf(db: DbOrTx, sectionIds: readonly string[]): Promise<Map<string, SectionReferences>> {
  const rows = await db
    .select({ sectionId: sectionLinks.sectionId, targetType: sectionLinks.targetType, targetId: sectionLinks.targetId })
    .from(sectionLinks)
    .where(isAnyUuid(sectionLinks.sectionId, sectionIds));
  const links = new Map<string, SectionReferences>();
  for (const row of rows) {
    let entry = links.get(row.sectionId);
    if (!entry) links.set(row.sectionId, (entry = { projects: [], indicators: [] }));
    (row.targetType === "project" ? entry.projects : entry.indicators).push(row.targetId);
  }
  return links;
}
