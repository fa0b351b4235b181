import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, sectionLinks, sections } from "@/db/schema";

/** The sections that cite a project or indicator (from the derived link table). */
export async function citingSections(db: DbOrTx, targetType: "project" | "indicator", targetId: string) {
  return db
    .select({
      id: sections.id,
      title: sections.title,
      planId: sections.planId,
      status: sections.status,
      ownerDepartment: { id: departments.id, name: departments.name },
    })
    .from(sectionLinks)
    .innerJoin(sections, eq(sections.id, sectionLinks.sectionId))
    .innerJoin(departments, eq(departments.id, sections.ownerDepartmentId))
    .where(and(eq(sectionLinks.targetType, targetType), eq(sectionLinks.targetId, targetId)))
    .orderBy(asc(sections.title));
}
