import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { indicatorObservations, indicators, projects } from "@/db/schema";
import { detectInconsistencies, type EntityValues, type Warning } from "@/lib/consistency/detector";
import type { DocJson } from "@/lib/consistency/links";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import { loadSectionDocument } from "@/server/collab/persistence";
import type { SessionUser } from "@/server/auth/session";
import { getPlanWithSections } from "./plans";

/** Current registry values of every project and indicator, as the detector reads them. */
export async function currentEntityValues(db: Db): Promise<EntityValues> {
  const indicatorRows = await db.select().from(indicators);
  const observations = await db.select().from(indicatorObservations).orderBy(desc(indicatorObservations.period));
  const latest = new Map<string, (typeof observations)[number]>();
  for (const observation of observations) if (!latest.has(observation.indicatorId)) latest.set(observation.indicatorId, observation);
  const projectRows = await db.select().from(projects);
  return {
    indicators: new Map(
      indicatorRows.map((indicator) => {
        const observation = latest.get(indicator.id);
        return [
          indicator.id,
          {
            name: indicator.name,
            unit: indicator.unit,
            value: observation?.value ?? null,
            period: observation?.period ?? null,
            asOf: observation ? observation.createdAt.toISOString().slice(0, 10) : null,
          },
        ];
      }),
    ),
    projects: new Map(projectRows.map((project) => [project.id, { name: project.name, figures: project.figures, totalInvestment: project.totalInvestment }])),
  };
}

/** A section body as Tiptap JSON, from its stored Yjs document. */
export async function sectionJson(db: Db, sectionId: string): Promise<DocJson> {
  const { doc } = await loadSectionDocument(db, sectionId);
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(SECTION_FRAGMENT)) as DocJson;
  doc.destroy();
  return json;
}

export type SectionWarnings = {
  section: { id: string; number: string; title: string; ownerDepartment: { id: string; name: string } };
  warnings: Warning[];
};

/** Every figure in the plan's text that contradicts the current value of the entity cited beside it. */
export async function planConsistencyWarnings(db: Db, user: SessionUser, planId: string): Promise<SectionWarnings[]> {
  const { sections } = await getPlanWithSections(db, user, planId);
  const entities = await currentEntityValues(db);
  const result: SectionWarnings[] = [];
  for (const section of sections) {
    const warnings = detectInconsistencies(await sectionJson(db, section.id), entities);
    if (warnings.length)
      result.push({ section: { id: section.id, number: section.number, title: section.title, ownerDepartment: section.ownerDepartment }, warnings });
  }
  return result;
}
