import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, plans, sections } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { sectionAbilities } from "@/server/policy";
import { DomainError } from "./errors";

type SectionRow = {
  id: string;
  title: string;
  parentId: string | null;
  position: number;
  status: "drafting" | "in_review" | "approved" | "changes_requested";
  ownerDepartmentId: string;
  ownerDepartmentName: string;
  submittedById: string | null;
  approvedVersionId: string | null;
  updatedAt: Date;
};

/** Orders sections depth-first (parents before children, siblings by position) and adds depth and numbering. */
export function orderSectionTree<T extends { id: string; parentId: string | null; position: number }>(rows: T[]) {
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = row.parentId && rows.some((other) => other.id === row.parentId) ? row.parentId : null;
    const list = children.get(key) ?? [];
    list.push(row);
    children.set(key, list);
  }
  const ordered: (T & { depth: number; number: string })[] = [];
  const walk = (parentId: string | null, depth: number, prefix: string) => {
    const siblings = (children.get(parentId) ?? []).sort((a, b) => a.position - b.position);
    siblings.forEach((row, index) => {
      const number = prefix ? `${prefix}.${index + 1}` : `${index + 1}`;
      ordered.push({ ...row, depth, number });
      walk(row.id, depth + 1, number);
    });
  };
  walk(null, 0, "");
  return ordered;
}

/** A plan with its section tree in reading order and the caller's abilities on each section. */
export async function getPlanWithSections(db: Db, user: SessionUser, planId: string) {
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan) throw new DomainError("NOT_FOUND", "Unknown plan", "planId");
  const rows: SectionRow[] = await db
    .select({
      id: sections.id,
      title: sections.title,
      parentId: sections.parentId,
      position: sections.position,
      status: sections.status,
      ownerDepartmentId: sections.ownerDepartmentId,
      ownerDepartmentName: departments.name,
      submittedById: sections.submittedById,
      approvedVersionId: sections.approvedVersionId,
      updatedAt: sections.updatedAt,
    })
    .from(sections)
    .innerJoin(departments, eq(departments.id, sections.ownerDepartmentId))
    .where(eq(sections.planId, planId))
    .orderBy(asc(sections.position));
  return {
    plan,
    sections: orderSectionTree(rows).map(({ ownerDepartmentId, ownerDepartmentName, ...section }) => ({
      ...section,
      ownerDepartment: { id: ownerDepartmentId, name: ownerDepartmentName },
      ...sectionAbilities(user, { ownerDepartmentId, status: section.status, submittedById: section.submittedById }),
    })),
  };
}
