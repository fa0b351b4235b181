import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditEvents,
  departments,
  indicatorObservations,
  indicators,
  plans,
  projectMilestones,
  projects,
  sectionDocuments,
  sections,
  users,
} from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { encodeSectionDocument } from "@/server/services/section-documents";
import type { SectionReferences } from "@/lib/editor/reference-links";
import { syncSectionLinks } from "@/server/services/section-links";
import { seedAccounts, seedDepartments, seedIndicators, seedPlan, seedProjects, seedReferenceId } from "./content";
import type { DocNode, SeedSection } from "./types";

/** Swaps the chips' placeholder ids (seed:kind:name) for the seeded entities' ids, collecting them. */
function resolveReferences(node: DocNode, entityIds: Map<string, string>, found: SectionReferences): DocNode {
  const placeholder = node.attrs?.id;
  if ((node.type === "projectRef" || node.type === "indicatorRef") && typeof placeholder === "string") {
    const id = entityIds.get(placeholder);
    if (!id) throw new Error(`Seed content cites an unknown entity: ${placeholder}`);
    (node.type === "projectRef" ? found.projects : found.indicators).push(id);
    return { ...node, attrs: { ...node.attrs, id } };
  }
  return node.content ? { ...node, content: node.content.map((child) => resolveReferences(child, entityIds, found)) } : node;
}

export type SeedOptions = {
  /** Seed the demo plan, departments and accounts; otherwise only the admin account. */
  demo: boolean;
  adminPassword?: string;
  demoPassword?: string;
};

export type SeedResult =
  | { seeded: false }
  | {
      seeded: true;
      demo: boolean;
      admin: { username: string; password: string; generated: boolean };
      demoAccounts: { username: string; displayName: string; role: string }[];
      demoPassword?: { password: string; generated: boolean };
    };

/** A readable random password (16 characters, ~96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

const ADMIN_DEPARTMENT = { code: "ZFB", name: "市人民政府办公室" };

/**
 * Seeds an empty database: the admin account and, when `demo`, the 许昌智造 plan with its
 * departments, accounts, sections (as Yjs documents), projects and indicators.
 * Does nothing when any user exists. Runs in one transaction.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedResult> {
  const [existing] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  if (existing!.count > 0) return { seeded: false };

  const adminPassword = options.adminPassword ?? generatePassword();
  const demoPassword = options.demoPassword ?? generatePassword();
  const adminHash = await hashPassword(adminPassword);
  const demoHash = options.demo ? await hashPassword(demoPassword) : "";

  await db.transaction(async (tx) => {
    const departmentList = options.demo ? seedDepartments : [ADMIN_DEPARTMENT];
    if (!departmentList.some((department) => department.code === ADMIN_DEPARTMENT.code)) departmentList.push(ADMIN_DEPARTMENT);
    const insertedDepartments = await tx.insert(departments).values(departmentList).returning();
    const departmentId = new Map(insertedDepartments.map((department) => [department.code, department.id]));
    const requireDepartment = (code: string) => {
      const id = departmentId.get(code);
      if (!id) throw new Error(`Seed refers to unknown department ${code}`);
      return id;
    };

    await tx.insert(users).values({
      username: "admin",
      displayName: "系统管理员",
      role: "admin",
      departmentId: requireDepartment(ADMIN_DEPARTMENT.code),
      passwordHash: adminHash,
    });
    if (!options.demo) return;

    await tx.insert(users).values(
      seedAccounts.map((account) => ({
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        departmentId: requireDepartment(account.departmentCode),
        passwordHash: demoHash,
      })),
    );

    const entityIds = new Map<string, string>();
    for (const project of seedProjects) {
      const [row] = await tx
        .insert(projects)
        .values({
          name: project.name,
          category: project.category,
          ownerDepartmentId: requireDepartment(project.ownerDepartmentCode),
          status: project.status,
          totalInvestment: project.totalInvestment,
          startDate: project.startDate,
          endDate: project.endDate,
          location: project.location,
          description: project.description,
          figures: project.figures,
        })
        .returning({ id: projects.id });
      entityIds.set(seedReferenceId("project", project.name), row!.id);
      if (project.milestones.length)
        await tx.insert(projectMilestones).values(project.milestones.map((milestone, position) => ({ ...milestone, projectId: row!.id, position })));
    }

    for (const indicator of seedIndicators) {
      const [row] = await tx
        .insert(indicators)
        .values({
          name: indicator.name,
          unit: indicator.unit,
          category: indicator.category,
          ownerDepartmentId: requireDepartment(indicator.ownerDepartmentCode),
          direction: indicator.direction,
          baselineValue: indicator.baseline?.value ?? null,
          baselineYear: indicator.baseline?.year ?? null,
          targetValue: indicator.target?.value ?? null,
          targetYear: indicator.target?.year ?? null,
          description: indicator.description,
        })
        .returning({ id: indicators.id });
      entityIds.set(seedReferenceId("indicator", indicator.name), row!.id);
      if (indicator.observations.length)
        await tx.insert(indicatorObservations).values(indicator.observations.map((observation) => ({ ...observation, indicatorId: row!.id })));
    }

    const [plan] = await tx
      .insert(plans)
      .values({ title: seedPlan.title, periodStart: seedPlan.periodStart, periodEnd: seedPlan.periodEnd, summary: seedPlan.summary })
      .returning();
    const insertSections = async (list: SeedSection[], parentId: string | null) => {
      for (const [position, section] of list.entries()) {
        const [row] = await tx
          .insert(sections)
          .values({ planId: plan!.id, parentId, position, title: section.title, ownerDepartmentId: requireDepartment(section.ownerDepartmentCode) })
          .returning({ id: sections.id });
        const references: SectionReferences = { projects: [], indicators: [] };
        const body = resolveReferences(section.body, entityIds, references);
        await tx.insert(sectionDocuments).values({ sectionId: row!.id, state: encodeSectionDocument(body) });
        await syncSectionLinks(tx, row!.id, references);
        await insertSections(section.children ?? [], row!.id);
      }
    };
    await insertSections(seedPlan.sections, null);

    await tx.insert(auditEvents).values({
      actorId: null,
      action: "system.seed",
      targetType: "plan",
      targetId: plan!.id,
      details: { sections: "demo", projects: seedProjects.length, indicators: seedIndicators.length, accounts: seedAccounts.length + 1 },
    });
  });

  return {
    seeded: true,
    demo: options.demo,
    admin: { username: "admin", password: adminPassword, generated: !options.adminPassword },
    demoAccounts: options.demo ? seedAccounts.map(({ username, displayName, role }) => ({ username, displayName, role })) : [],
    demoPassword: options.demo ? { password: demoPassword, generated: !options.demoPassword } : undefined,
  };
}
