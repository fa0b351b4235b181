import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { type Db, type DbOrTx } from "@/db/client";
import {
  departments,
  indicators,
  plans,
  projects,
  reviewVisits,
  sectionReviewEvents,
  sections,
  sectionVersions,
  users,
  type VersionFigure,
} from "@/db/schema";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import { referencesInDocument } from "@/lib/editor/reference-links";
import { changeSize, diffBlocks, textLength } from "@/lib/review/diff";
import { type Attribution, attributionToWire, deletedBy, loadAttribution } from "@/server/collab/attribution";
import type { SectionDocumentHost } from "@/server/collab/host";
import { colorForUser } from "@/server/collab/awareness";
import { publishPlanEvent, publishReviewEvent } from "@/server/events";
import { type Actor, authorize, type ReviewedSection, reviewTransitions } from "@/server/policy";
import { recordAuditEvent } from "./audit";
import { DomainError } from "./errors";
import { latestObservations } from "./indicators";
import { deliver, notify, reviewers, sectionEditors } from "./notifications";
import { sectionSchema } from "./section-documents";
import { requireSection } from "./sections";

export type VersionKind = (typeof sectionVersions.$inferSelect)["kind"];

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** The figures of the projects and indicators a document cites, as they are now. */
export async function figuresOf(db: DbOrTx, references: { projects: string[]; indicators: string[] }): Promise<VersionFigure[]> {
  const figures: VersionFigure[] = [];
  if (references.projects.length) {
    const rows = await db.select().from(projects).where(inArray(projects.id, references.projects));
    for (const row of rows) figures.push({ kind: "project", id: row.id, name: row.name, status: row.status, totalInvestment: row.totalInvestment });
  }
  if (references.indicators.length) {
    const rows = await db.select().from(indicators).where(inArray(indicators.id, references.indicators));
    const latestById = await latestObservations(db, references.indicators);
    for (const row of rows) {
      figures.push({
        kind: "indicator",
        id: row.id,
        name: row.name,
        unit: row.unit,
        latestValue: latestById.get(row.id)?.value ?? null,
        latestPeriod: latestById.get(row.id)?.period ?? null,
        targetValue: row.targetValue,
        targetYear: row.targetYear,
      });
    }
  }
  const order = [...references.projects, ...references.indicators];
  return figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** A figure as comparable text: stored figures come back from jsonb with their keys reordered. */
const figureKey = (figure: VersionFigure | null) =>
  figure === null ? "null" : JSON.stringify(Object.fromEntries(Object.entries(figure).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** Figures that differ between two lists (then → now), matched by id. */
export function changedFigures(then: VersionFigure[], now: VersionFigure[]) {
  const thenById = new Map(then.map((figure) => [figure.id, figure]));
  const nowById = new Map(now.map((figure) => [figure.id, figure]));
  const ids = [...new Set([...then.map((figure) => figure.id), ...now.map((figure) => figure.id)])];
  return ids
    .map((id) => ({ id, then: thenById.get(id) ?? null, now: nowById.get(id) ?? null }))
    .filter(({ then, now }) => figureKey(then) !== figureKey(now));
}

type DocumentState = { snapshot: Uint8Array; content: Record<string, unknown>; textLength: number; references: { projects: string[]; indicators: string[] } };

function documentState(doc: Y.Doc): DocumentState {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  return {
    snapshot: Y.encodeSnapshot(Y.snapshot(doc)),
    content: yXmlFragmentToProsemirrorJSON(fragment) as Record<string, unknown>,
    textLength: textLength(fragment),
    references: referencesInDocument(doc),
  };
}

/** Writes a version of a document state read before the transaction (reading may need the database itself). */
async function insertVersion(
  tx: DbOrTx,
  state: DocumentState,
  input: { sectionId: string; kind: VersionKind; label: string; actorId: string | null },
) {
  const figures = await figuresOf(tx, state.references);
  const [version] = await tx
    .insert(sectionVersions)
    .values({
      sectionId: input.sectionId,
      kind: input.kind,
      label: input.label,
      createdById: input.actorId,
      snapshot: state.snapshot,
      content: state.content,
      figures,
      textLength: state.textLength,
    })
    .returning();
  return version!;
}

/** 「保存版本」: a named version, by an editor of the owner department. */
export async function createVersion(db: Db, host: SectionDocumentHost, input: { actor: Actor; sectionId: string; label: string }) {
  const section = await requireSection(db, input.sectionId);
  authorize(input.actor, "version.create", section);
  const label = input.label.trim();
  if (!label) throw new DomainError("BAD_REQUEST", "A version needs a label", "label");
  const state = await host.read(section.id, documentState);
  return db.transaction(async (tx) => {
    const version = await insertVersion(tx, state, { sectionId: section.id, kind: "manual", label, actorId: input.actor.id });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "version.create",
      targetType: "section",
      targetId: section.id,
      details: { versionId: version.id, label, title: section.title },
    });
    return versionSummary(version);
  });
}

function versionSummary(version: typeof sectionVersions.$inferSelect) {
  const { snapshot: _snapshot, content: _content, ...rest } = version;
  return rest;
}

/** A section's versions, newest first, with who made them and which one is the approved one. */
export async function listVersions(db: Db, sectionId: string) {
  const section = await requireSection(db, sectionId);
  const rows = await db
    .select({
      id: sectionVersions.id,
      kind: sectionVersions.kind,
      label: sectionVersions.label,
      createdAt: sectionVersions.createdAt,
      textLength: sectionVersions.textLength,
      figures: sectionVersions.figures,
      createdById: sectionVersions.createdById,
      createdByName: users.displayName,
      createdByDepartment: departments.name,
    })
    .from(sectionVersions)
    .leftJoin(users, eq(users.id, sectionVersions.createdById))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sectionVersions.sectionId, sectionId))
    .orderBy(desc(sectionVersions.createdAt));
  return rows.map(({ createdById, createdByName, createdByDepartment, ...row }) => ({
    ...row,
    isApproved: row.id === section.approvedVersionId,
    createdBy: createdById ? { id: createdById, displayName: createdByName!, departmentName: createdByDepartment! } : null,
  }));
}

export async function requireVersion(db: DbOrTx, versionId: string) {
  const [version] = await db.select().from(sectionVersions).where(eq(sectionVersions.id, versionId));
  if (!version) throw new DomainError("NOT_FOUND", "Unknown version", "versionId");
  return version;
}

/** One version to show read-only: its content and its figures as they were. */
export async function getVersion(db: Db, versionId: string) {
  const version = await requireVersion(db, versionId);
  const [creator] = version.createdById
    ? await db
        .select({ id: users.id, displayName: users.displayName, departmentName: departments.name })
        .from(users)
        .innerJoin(departments, eq(departments.id, users.departmentId))
        .where(eq(users.id, version.createdById))
    : [];
  const { snapshot: _snapshot, ...rest } = version;
  return { ...rest, createdBy: creator ?? null };
}

/**
 * Restores a version as a new change on top of the current text, made by the actor: everyone
 * connected sees it live, it is logged and attributed like typing, and restoring another version
 * undoes it. A "restored" version records the result.
 */
export async function restoreVersion(db: Db, host: SectionDocumentHost, input: { actor: Actor; versionId: string }) {
  const version = await requireVersion(db, input.versionId);
  const section = await requireSection(db, version.sectionId);
  authorize(input.actor, "version.restore", section);
  const node = sectionSchema().nodeFromJSON(version.content);
  await host.change(section.id, input.actor.id, (doc) => {
    doc.transact(() => updateYFragment(doc, doc.getXmlFragment(SECTION_FRAGMENT), node, { mapping: new Map(), isOMark: new Map() }));
  });
  const state = await host.read(section.id, documentState);
  const restored = await db.transaction(async (tx) => {
    const restored = await insertVersion(tx, state, { sectionId: section.id, kind: "restored", label: version.label, actorId: input.actor.id });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "version.restore",
      targetType: "section",
      targetId: section.id,
      details: { versionId: version.id, label: version.label, restoredVersionId: restored.id, title: section.title },
    });
    return restored;
  });
  return versionSummary(restored);
}

/** The people named in an attribution, with department and colour, for the diff's legend. */
async function peopleOf(db: Db, attribution: Attribution) {
  const ids = [...new Set([...attribution.authors.values(), ...attribution.deletions.keys()])];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, username: users.username, departmentName: departments.name })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(inArray(users.id, ids));
  return rows.map((row) => ({ ...row, color: colorForUser(row.id) }));
}

export type DiffSide = { versionId: string } | { approved: true } | { current: true } | { lastVisit: true };

/**
 * What the browser needs to render a diff in the editor: the section's whole (never garbage
 * collected) document, the two snapshots, who wrote and deleted what, the people involved, and
 * the linked figures then → now.
 */
export async function sectionDiff(db: Db, host: SectionDocumentHost, input: { actor: Actor; sectionId: string; from: DiffSide; to: DiffSide }) {
  const section = await requireSection(db, input.sectionId);
  const now = await host.read(section.id, (doc) => ({ ...documentState(doc), state: Y.encodeStateAsUpdate(doc) }));
  const resolve = async (side: DiffSide) => {
    if ("current" in side) return { label: null, kind: "current" as const, snapshot: now.snapshot, figures: await figuresOf(db, now.references), createdAt: new Date(), versionId: null };
    if ("lastVisit" in side) {
      const [visit] = await db
        .select()
        .from(reviewVisits)
        .where(and(eq(reviewVisits.userId, input.actor.id), eq(reviewVisits.sectionId, section.id)));
      if (!visit) return null;
      return { label: null, kind: "lastVisit" as const, snapshot: visit.snapshot, figures: null, createdAt: visit.seenAt, versionId: null };
    }
    const versionId = "approved" in side ? section.approvedVersionId : side.versionId;
    if (!versionId) return null;
    const version = await requireVersion(db, versionId);
    if (version.sectionId !== section.id) throw new DomainError("BAD_REQUEST", "The version belongs to another section", "versionId");
    return { label: version.label, kind: version.kind, snapshot: version.snapshot, figures: version.figures, createdAt: version.createdAt, versionId: version.id };
  };
  const from = await resolve(input.from);
  const to = await resolve(input.to);
  if (!to) throw new DomainError("NOT_FOUND", "Nothing to compare with", "to");
  const attribution = await loadAttribution(db, section.id);
  // From nothing (no approved version yet): everything in `to` counts as added.
  const fromSnapshot = from?.snapshot ?? Y.encodeSnapshot(Y.emptySnapshot);
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, now.state);
  const blocks = diffBlocks(doc.getXmlFragment(SECTION_FRAGMENT), Y.decodeSnapshot(fromSnapshot), Y.decodeSnapshot(to.snapshot), {
    insertedBy: (client) => attribution.authors.get(client) ?? null,
    deletedBy: (id) => deletedBy(attribution, id),
  });
  doc.destroy();
  return {
    section: { id: section.id, title: section.title, status: section.status, planId: section.planId },
    state: toBase64(now.state),
    from: from ? { ...from, snapshot: toBase64(from.snapshot) } : null,
    to: { ...to, snapshot: toBase64(to.snapshot) },
    attribution: attributionToWire(attribution),
    people: await peopleOf(db, attribution),
    size: changeSize(blocks),
    /** Attribute changes the editor's rendering does not mark (a heading's level…), with who made them. */
    formatChanges: blocks
      .filter((block) => block.attributes.length > 0)
      .map((block) => ({ node: block.path[block.path.length - 1]!, text: block.spans.map((span) => span.text).join("").slice(0, 80), attributes: block.attributes })),
    figures: from?.figures && to.figures ? changedFigures(from.figures, to.figures) : [],
  };
}

/** Records that the actor looked at the section now (for "since I last looked"). */
export async function recordReviewVisit(db: Db, host: SectionDocumentHost, input: { actor: Actor; sectionId: string }) {
  await requireSection(db, input.sectionId);
  const snapshot = await host.read(input.sectionId, (doc) => Y.encodeSnapshot(Y.snapshot(doc)));
  const seenAt = new Date();
  await db
    .insert(reviewVisits)
    .values({ userId: input.actor.id, sectionId: input.sectionId, seenAt, snapshot })
    .onConflictDoUpdate({ target: [reviewVisits.userId, reviewVisits.sectionId], set: { seenAt, snapshot } });
  return { seenAt };
}

type ReviewAction = keyof typeof reviewTransitions;

const reviewLabels: Record<ReviewAction, { kind: VersionKind; event: "submitted" | "approved" | "changes_requested"; label: string }> = {
  "section.submit": { kind: "submitted", event: "submitted", label: "提交审阅" },
  "section.approve": { kind: "approved", event: "approved", label: "审阅通过" },
  "section.requestChanges": { kind: "submitted", event: "changes_requested", label: "退回修改" },
};

/**
 * One step of the review workflow: the policy decides (role, department, status, own submission),
 * the section row is locked so two leaders cannot decide at once, a version is taken on submit and
 * approve, the history, audit log and notifications are written in the same transaction.
 */
export async function reviewStep(
  db: Db,
  host: SectionDocumentHost,
  input: { actor: Actor; sectionId: string; action: ReviewAction; message?: string },
) {
  const message = (input.message ?? "").trim();
  if (input.action === "section.requestChanges" && !message) throw new DomainError("BAD_REQUEST", "Say what should change", "reason");
  // Fail fast without touching the document; decided again under the row lock below.
  authorize(input.actor, input.action, (await requireSection(db, input.sectionId)) as ReviewedSection);
  const state = input.action === "section.requestChanges" ? null : await host.read(input.sectionId, documentState);
  const { section, delivered } = await db.transaction(async (tx) => {
    const locked = await tx.execute(sql`select id from ${sections} where ${sections.id} = ${input.sectionId} for update`);
    if ((locked as unknown as { rows: unknown[] }).rows.length === 0) throw new DomainError("NOT_FOUND", "Unknown section", "sectionId");
    const section = await requireSection(tx, input.sectionId);
    authorize(input.actor, input.action, section as ReviewedSection);
    const step = reviewLabels[input.action];
    const version = state ? await insertVersion(tx, state, { sectionId: section.id, kind: step.kind, label: step.label, actorId: input.actor.id }) : null;
    const status = reviewTransitions[input.action];
    await tx
      .update(sections)
      .set({
        status,
        updatedAt: new Date(),
        ...(input.action === "section.submit" ? { submittedById: input.actor.id, submittedAt: new Date() } : {}),
        ...(input.action === "section.approve" ? { approvedVersionId: version!.id } : {}),
      })
      .where(eq(sections.id, section.id));
    await tx.insert(sectionReviewEvents).values({ sectionId: section.id, action: step.event, actorId: input.actor.id, message, versionId: version?.id ?? null });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: `review.${step.event}`,
      targetType: "section",
      targetId: section.id,
      details: { title: section.title, message, versionId: version?.id ?? null, from: section.status, to: status },
    });
    const owners = await sectionEditors(tx, section.id);
    const recipients =
      input.action === "section.submit"
        ? [...owners, ...(await reviewers(tx))]
        : [...owners, ...(section.submittedById ? [section.submittedById] : [])];
    const kind = input.action === "section.submit" ? "section_submitted" : input.action === "section.approve" ? "section_approved" : "section_changes_requested";
    const delivered = await notify(tx, recipients, { kind, actorId: input.actor.id, sectionId: section.id, message });
    return { section: { ...section, status }, delivered };
  });
  deliver(delivered);
  publishReviewEvent();
  publishPlanEvent({ type: "section", planId: section.planId, sectionId: section.id });
  return { id: section.id, status: section.status };
}

/** Whether a section is approved now, and the snapshot of its approved version. */
/** The review history of a section (submissions, decisions, reasons), oldest first. */
export async function reviewHistory(db: Db, sectionId: string) {
  const rows = await db
    .select({
      id: sectionReviewEvents.id,
      action: sectionReviewEvents.action,
      message: sectionReviewEvents.message,
      versionId: sectionReviewEvents.versionId,
      createdAt: sectionReviewEvents.createdAt,
      actorName: users.displayName,
      actorDepartment: departments.name,
    })
    .from(sectionReviewEvents)
    .leftJoin(users, eq(users.id, sectionReviewEvents.actorId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sectionReviewEvents.sectionId, sectionId))
    .orderBy(asc(sectionReviewEvents.createdAt));
  return rows;
}

/**
 * The review workspace's list: every section in review across all plans, with department,
 * submitter, time waiting, size of change since the last approved version, and whether it changed
 * since this leader last looked.
 */
export async function reviewQueue(db: Db, host: SectionDocumentHost, actor: Actor) {
  const rows = await db
    .select({
      id: sections.id,
      title: sections.title,
      planId: sections.planId,
      planTitle: plans.title,
      status: sections.status,
      submittedAt: sections.submittedAt,
      submittedById: sections.submittedById,
      approvedVersionId: sections.approvedVersionId,
      departmentId: departments.id,
      departmentName: departments.name,
      submitterName: users.displayName,
    })
    .from(sections)
    .innerJoin(plans, eq(plans.id, sections.planId))
    .innerJoin(departments, eq(departments.id, sections.ownerDepartmentId))
    .leftJoin(users, eq(users.id, sections.submittedById))
    .where(eq(sections.status, "in_review"))
    .orderBy(asc(sections.submittedAt));
  const visits = rows.length
    ? await db
        .select()
        .from(reviewVisits)
        .where(and(eq(reviewVisits.userId, actor.id), inArray(reviewVisits.sectionId, rows.map((row) => row.id))))
    : [];
  const visitBySection = new Map(visits.map((visit) => [visit.sectionId, visit]));
  const approvedIds = rows.map((row) => row.approvedVersionId).filter((id): id is string => id !== null);
  const approved = approvedIds.length
    ? await db.select({ id: sectionVersions.id, snapshot: sectionVersions.snapshot }).from(sectionVersions).where(inArray(sectionVersions.id, approvedIds))
    : [];
  const approvedSnapshot = new Map(approved.map((row) => [row.id, row.snapshot]));
  const result = [];
  for (const row of rows) {
    const visit = visitBySection.get(row.id) ?? null;
    const measured = await host.read(row.id, (doc) => {
      const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
      const current = Y.snapshot(doc);
      const noAuthors = { insertedBy: () => null, deletedBy: () => null };
      const base = row.approvedVersionId ? approvedSnapshot.get(row.approvedVersionId) : undefined;
      const size = changeSize(diffBlocks(fragment, base ? Y.decodeSnapshot(base) : Y.emptySnapshot, current, noAuthors));
      const changedSinceVisit = visit ? !Y.equalSnapshots(Y.decodeSnapshot(visit.snapshot), current) : true;
      return { size, changedSinceVisit };
    });
    result.push({
      section: { id: row.id, title: row.title, planId: row.planId, planTitle: row.planTitle, status: row.status },
      department: { id: row.departmentId, name: row.departmentName },
      submitter: row.submittedById ? { id: row.submittedById, displayName: row.submitterName ?? "" } : null,
      submittedAt: row.submittedAt,
      waitingMs: row.submittedAt ? Date.now() - row.submittedAt.getTime() : 0,
      hasApprovedVersion: row.approvedVersionId !== null,
      size: measured.size,
      lastVisitAt: visit?.seenAt ?? null,
      changedSinceVisit: measured.changedSinceVisit,
    });
  }
  return result;
}
