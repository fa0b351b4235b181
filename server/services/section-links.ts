import { and, eq, inArray } from "drizzle-orm";
import * as Y from "yjs";
import type { DbOrTx } from "@/db/client";
import { indicators, projects, sectionLinks } from "@/db/schema";
import { SECTION_FRAGMENT } from "@/lib/editor/extensions";
import { INDICATOR_REF, PROJECT_REF } from "@/lib/editor/references";

export type SectionReferences = { projects: string[]; indicators: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The projects and indicators a section document cites with chips, in document order, distinct. */
export function referencesInDocument(doc: Y.Doc): SectionReferences {
  const found = { projects: new Set<string>(), indicators: new Set<string>() };
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = child.getAttribute("id");
      if (typeof id === "string" && UUID.test(id)) {
        if (child.nodeName === PROJECT_REF) found.projects.add(id.toLowerCase());
        else if (child.nodeName === INDICATOR_REF) found.indicators.add(id.toLowerCase());
      }
      walk(child);
    }
  };
  walk(doc.getXmlFragment(SECTION_FRAGMENT));
  return { projects: [...found.projects], indicators: [...found.indicators] };
}

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
