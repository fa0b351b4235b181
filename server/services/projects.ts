import { asc, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { departments, projectMilestones, projects, projectStatusChanges, users, type ProjectFigure } from "@/db/schema";
import { publishRegistryEvent } from "@/server/events";
import { recordAuditEvent } from "./audit";
import { citingSections } from "./citations";
import { DomainError, isUniqueViolation } from "./errors";
import { indexRegistryEntry } from "./search";

type Actor = { id: string };
export type ProjectStatus = (typeof projects.$inferSelect)["status"];

export type ProjectFields = {
  name: string;
  category: string;
  ownerDepartmentId: string;
  status: ProjectStatus;
  totalInvestment: number | null;
  startDate: string | null;
  endDate: string | null;
  location: string;
  description: string;
  figures: ProjectFigure[];
};

export type MilestoneInput = { title: string; dueDate: string | null; done: boolean };

export async function requireProject(db: DbOrTx, projectId: string) {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new DomainError("NOT_FOUND", "Unknown project", "projectId");
  return project;
}

async function requireDepartment(db: DbOrTx, departmentId: string) {
  const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new DomainError("BAD_REQUEST", "Unknown department", "ownerDepartmentId");
  return department;
}

function checkDates(fields: { startDate: string | null; endDate: string | null }) {
  if (fields.startDate && fields.endDate && fields.endDate < fields.startDate)
    throw new DomainError("BAD_REQUEST", "The end date is before the start date", "endDate");
}

/** A project with its owner department, milestones, status history and the sections that cite it. */
export async function getProject(db: Db, projectId: string) {
  const project = await requireProject(db, projectId);
  const [department] = await db.select().from(departments).where(eq(departments.id, project.ownerDepartmentId));
  const milestones = await db.select().from(projectMilestones).where(eq(projectMilestones.projectId, projectId)).orderBy(asc(projectMilestones.position));
  const history = await db
    .select({ id: projectStatusChanges.id, fromStatus: projectStatusChanges.fromStatus, toStatus: projectStatusChanges.toStatus, at: projectStatusChanges.createdAt, by: users.displayName })
    .from(projectStatusChanges)
    .leftJoin(users, eq(users.id, projectStatusChanges.changedById))
    .where(eq(projectStatusChanges.projectId, projectId))
    .orderBy(desc(projectStatusChanges.createdAt));
  return {
    ...project,
    ownerDepartment: { id: department!.id, name: department!.name },
    milestones: milestones.map(({ id, title, dueDate, done }) => ({ id, title, dueDate, done })),
    statusHistory: history,
    citedBy: await citingSections(db, "project", projectId),
  };
}

async function writeMilestones(tx: DbOrTx, projectId: string, milestones: MilestoneInput[]) {
  await tx.delete(projectMilestones).where(eq(projectMilestones.projectId, projectId));
  if (milestones.length)
    await tx.insert(projectMilestones).values(milestones.map((milestone, position) => ({ ...milestone, projectId, position })));
}

export async function createProject(db: Db, input: { actor: Actor; fields: ProjectFields; milestones: MilestoneInput[] }) {
  await requireDepartment(db, input.fields.ownerDepartmentId);
  checkDates(input.fields);
  try {
    const id = await db.transaction(async (tx) => {
      const [project] = await tx.insert(projects).values(input.fields).returning({ id: projects.id });
      await writeMilestones(tx, project!.id, input.milestones);
      await tx.insert(projectStatusChanges).values({ projectId: project!.id, fromStatus: null, toStatus: input.fields.status, changedById: input.actor.id });
      await recordAuditEvent(tx, { actorId: input.actor.id, action: "project.create", targetType: "project", targetId: project!.id, details: { name: input.fields.name } });
      return project!.id;
    });
    await indexRegistryEntry(db, "project", id);
    publishRegistryEvent({ type: "project", id });
    return { id };
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "A project with this name exists", "name");
    throw error;
  }
}

/** Updates a project; a status change is recorded with who and when. Milestones, when given, replace the list. */
export async function updateProject(
  db: Db,
  input: { actor: Actor; projectId: string; fields: Partial<ProjectFields>; milestones?: MilestoneInput[] },
) {
  const project = await requireProject(db, input.projectId);
  if (input.fields.ownerDepartmentId) await requireDepartment(db, input.fields.ownerDepartmentId);
  checkDates({ startDate: input.fields.startDate ?? project.startDate, endDate: input.fields.endDate ?? project.endDate });
  const changed = Object.fromEntries(
    Object.entries(input.fields).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(project[key as keyof typeof project])),
  );
  await db.transaction(async (tx) => {
    if (Object.keys(changed).length) await tx.update(projects).set({ ...changed, updatedAt: new Date() }).where(eq(projects.id, project.id));
    if (input.fields.status && input.fields.status !== project.status)
      await tx.insert(projectStatusChanges).values({ projectId: project.id, fromStatus: project.status, toStatus: input.fields.status, changedById: input.actor.id });
    if (input.milestones) await writeMilestones(tx, project.id, input.milestones);
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "project.update",
      targetType: "project",
      targetId: project.id,
      details: { changed: Object.keys(changed), milestones: input.milestones ? input.milestones.length : undefined },
    });
  });
  await indexRegistryEntry(db, "project", project.id, { nameChanged: "name" in changed });
  publishRegistryEvent({ type: "project", id: project.id });
  return { id: project.id };
}

/** Deletes a project nobody cites; a cited one is refused with the citing sections (archive it instead). */
export async function deleteProject(db: Db, input: { actor: Actor; projectId: string }) {
  const project = await requireProject(db, input.projectId);
  const citedBy = await citingSections(db, "project", project.id);
  if (citedBy.length)
    throw new DomainError("CONFLICT", `Cited by ${citedBy.length} section(s): ${citedBy.map((section) => section.title).join("、")}; archive it instead`, "projectId");
  await db.transaction(async (tx) => {
    await tx.delete(projects).where(eq(projects.id, project.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "project.delete", targetType: "project", targetId: project.id, details: { name: project.name } });
  });
  publishRegistryEvent({ type: "project", id: project.id });
  return { id: project.id };
}

export async function setProjectArchived(db: Db, input: { actor: Actor; projectId: string; archived: boolean }) {
  const project = await requireProject(db, input.projectId);
  await db.transaction(async (tx) => {
    await tx.update(projects).set({ archived: input.archived, updatedAt: new Date() }).where(eq(projects.id, project.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: input.archived ? "project.archive" : "project.unarchive", targetType: "project", targetId: project.id, details: { name: project.name } });
  });
  publishRegistryEvent({ type: "project", id: project.id });
  return { id: project.id };
}
