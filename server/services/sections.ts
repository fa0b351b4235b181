import { and, asc, eq, isNull, ne } from "drizzle-orm";
import * as Y from "yjs";
import type { Db, DbOrTx } from "@/db/client";
import { departments, plans, sectionDocuments, sections } from "@/db/schema";
import { loadSectionDocument } from "@/server/collab/persistence";
import { publishPlanEvent } from "@/server/events";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import { indexSection, indexSectionTitle } from "./search";
import { encodeSectionDocument } from "./section-documents";
import { recordAuditEvent } from "./audit";
import { DomainError } from "./errors";

type Actor = { id: string };

/** The section row, or NOT_FOUND naming `sectionId`. */
export async function requireSection(db: DbOrTx, sectionId: string) {
  const [section] = await db.select().from(sections).where(eq(sections.id, sectionId));
  if (!section) throw new DomainError("NOT_FOUND", "Unknown section", "sectionId");
  return section;
}

async function requireDepartment(db: DbOrTx, departmentId: string) {
  const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new DomainError("BAD_REQUEST", "Unknown department", "ownerDepartmentId");
  return department;
}

const siblingsOf = (planId: string, parentId: string | null) =>
  and(eq(sections.planId, planId), parentId ? eq(sections.parentId, parentId) : isNull(sections.parentId));

/** Renumbers siblings 0..n-1 in their order; `insert` places one section at a position among them. */
async function renumberSiblings(
  tx: DbOrTx,
  planId: string,
  parentId: string | null,
  insert?: { sectionId: string; position: number },
) {
  const siblings = await tx
    .select({ id: sections.id })
    .from(sections)
    .where(and(siblingsOf(planId, parentId), insert ? ne(sections.id, insert.sectionId) : undefined))
    .orderBy(asc(sections.position), asc(sections.createdAt));
  const ordered = siblings.map((sibling) => sibling.id);
  if (insert) ordered.splice(Math.max(0, Math.min(insert.position, ordered.length)), 0, insert.sectionId);
  for (const [index, id] of ordered.entries()) {
    await tx.update(sections).set({ position: index, parentId, updatedAt: new Date() }).where(eq(sections.id, id));
  }
}

export async function createSection(
  db: Db,
  input: { actor: Actor; planId: string; parentId: string | null; title: string; ownerDepartmentId: string; position?: number },
) {
  const [plan] = await db.select().from(plans).where(eq(plans.id, input.planId));
  if (!plan) throw new DomainError("NOT_FOUND", "Unknown plan", "planId");
  if (input.parentId) {
    const parent = await requireSection(db, input.parentId);
    if (parent.planId !== input.planId) throw new DomainError("BAD_REQUEST", "Parent section is in another plan", "parentId");
  }
  const department = await requireDepartment(db, input.ownerDepartmentId);
  const emptyBody = encodeSectionDocument({ type: "doc", content: [{ type: "paragraph" }] });
  const section = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(sections)
      .values({ planId: input.planId, parentId: input.parentId, position: 1_000_000, title: input.title, ownerDepartmentId: department.id })
      .returning();
    await tx.insert(sectionDocuments).values({ sectionId: created!.id, state: emptyBody });
    await renumberSiblings(tx, input.planId, input.parentId, { sectionId: created!.id, position: input.position ?? Number.MAX_SAFE_INTEGER });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "section.create",
      targetType: "section",
      targetId: created!.id,
      details: { title: input.title, parentId: input.parentId, ownerDepartment: department.name },
    });
    return created!;
  });
  await indexSection(db, section.id);
  publishPlanEvent({ type: "outline", planId: input.planId });
  return { id: section.id };
}

export async function renameSection(db: Db, input: { actor: Actor; sectionId: string; title: string }) {
  const section = await requireSection(db, input.sectionId);
  if (section.title === input.title) return { id: section.id, changed: false };
  await db.transaction(async (tx) => {
    await tx.update(sections).set({ title: input.title, updatedAt: new Date() }).where(eq(sections.id, section.id));
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "section.rename", targetType: "section", targetId: section.id, details: { from: section.title, to: input.title } });
  });
  await indexSectionTitle(db, section.id);
  publishPlanEvent({ type: "outline", planId: section.planId });
  return { id: section.id, changed: true };
}

/** Moves a section under `parentId` (null: top level) at `position` among its new siblings. */
export async function moveSection(db: Db, input: { actor: Actor; sectionId: string; parentId: string | null; position: number }) {
  const section = await requireSection(db, input.sectionId);
  if (input.parentId) {
    const parent = await requireSection(db, input.parentId);
    if (parent.planId !== section.planId) throw new DomainError("BAD_REQUEST", "Parent section is in another plan", "parentId");
    // Refuse a move under one's own descendant (it would detach a loop from the tree).
    for (let ancestor: string | null = parent.id; ancestor; ) {
      if (ancestor === section.id) throw new DomainError("BAD_REQUEST", "A section cannot move under itself", "parentId");
      const [row] = await db.select({ parentId: sections.parentId }).from(sections).where(eq(sections.id, ancestor));
      ancestor = row?.parentId ?? null;
    }
  }
  await db.transaction(async (tx) => {
    await renumberSiblings(tx, section.planId, input.parentId, { sectionId: section.id, position: input.position });
    if (section.parentId !== input.parentId) await renumberSiblings(tx, section.planId, section.parentId);
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "section.move",
      targetType: "section",
      targetId: section.id,
      details: { from: { parentId: section.parentId, position: section.position }, to: { parentId: input.parentId, position: input.position } },
    });
  });
  publishPlanEvent({ type: "outline", planId: section.planId });
  return { id: section.id };
}

export async function setSectionOwner(db: Db, input: { actor: Actor; sectionId: string; ownerDepartmentId: string }) {
  const section = await requireSection(db, input.sectionId);
  const department = await requireDepartment(db, input.ownerDepartmentId);
  if (section.ownerDepartmentId === department.id) return { id: section.id, changed: false };
  await db.transaction(async (tx) => {
    await tx.update(sections).set({ ownerDepartmentId: department.id, updatedAt: new Date() }).where(eq(sections.id, section.id));
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "section.setOwner",
      targetType: "section",
      targetId: section.id,
      details: { title: section.title, from: section.ownerDepartmentId, to: department.id, toName: department.name },
    });
  });
  publishPlanEvent({ type: "outline", planId: section.planId });
  return { id: section.id, changed: true };
}

/** Characters of text in the given sections, to decide whether deleting needs confirmation. */
async function textLengthOf(db: Db, sectionIds: string[]) {
  let length = 0;
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook): number => {
    if (node instanceof Y.XmlText) return node.toDelta().reduce((sum: number, op: { insert?: unknown }) => sum + (typeof op.insert === "string" ? op.insert.trim().length : 0), 0);
    if (node instanceof Y.XmlHook) return 0;
    return node.toArray().reduce((sum, child) => sum + walk(child), 0);
  };
  for (const sectionId of sectionIds) {
    const { doc } = await loadSectionDocument(db, sectionId);
    length += walk(doc.getXmlFragment(SECTION_FRAGMENT));
    doc.destroy();
  }
  return length;
}

/** The ids of a section and all its descendants. */
async function subtreeOf(db: Db, section: { id: string; planId: string }) {
  const rows = await db.select({ id: sections.id, parentId: sections.parentId }).from(sections).where(eq(sections.planId, section.planId));
  const ids = [section.id];
  for (let index = 0; index < ids.length; index++) for (const row of rows) if (row.parentId === ids[index]) ids.push(row.id);
  return ids;
}

/**
 * Deletes a section and its subsections. When they hold text, the caller must confirm
 * (`confirmTextLoss`); otherwise a BAD_REQUEST names that field and the amount of text.
 */
export async function deleteSection(db: Db, input: { actor: Actor; sectionId: string; confirmTextLoss: boolean }) {
  const section = await requireSection(db, input.sectionId);
  const ids = await subtreeOf(db, section);
  const textLength = await textLengthOf(db, ids);
  if (textLength > 0 && !input.confirmTextLoss)
    throw new DomainError("BAD_REQUEST", `The section holds ${textLength} characters of text; confirm to delete`, "confirmTextLoss", { textLength });
  await db.transaction(async (tx) => {
    await tx.delete(sections).where(eq(sections.id, section.id));
    await renumberSiblings(tx, section.planId, section.parentId);
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "section.delete",
      targetType: "section",
      targetId: section.id,
      details: { title: section.title, subsections: ids.length - 1, textLength },
    });
  });
  publishPlanEvent({ type: "outline", planId: section.planId });
  return { id: section.id, textLength };
}

