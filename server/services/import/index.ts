import { updateYFragment } from "@tiptap/y-tiptap";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, plans, sectionDocuments, sections } from "@/db/schema";
import { isBlankBody } from "@/lib/editor/blank-body";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import type { SectionDocumentHost } from "@/server/collab/host";
import { publishPlanEvent } from "@/server/events";
import { type Actor, authorize } from "@/server/policy";
import { recordAuditEvent } from "@/server/services/audit";
import { DomainError } from "@/server/services/errors";
import { indexPlanSections } from "@/server/services/search";
import { encodeSectionDocument, sectionSchema } from "@/server/services/section-documents";
import { requireSection } from "@/server/services/sections";
import { convertFile, detectFormat, type ImportFormat, type ImportSummary } from "./convert";
import { ImportError } from "./errors";
import { fitHeadingLevels, splitAtTopHeadings, takeLeadingTitle } from "./split";

export { ImportError } from "./errors";
export { MAX_IMPORT_BYTES } from "./convert";

/** Most sections one imported plan may have. */
export const MAX_IMPORT_SECTIONS = 300;

export type ImportedFile = { fileName: string; bytes: Buffer };

const fileNameStem = (fileName: string) => fileName.replace(/\.[a-z0-9]+$/i, "").trim();

/**
 * Imports a Word or Markdown file into an empty section, as the actor typing it: the same policy
 * (`section.edit`), applied through the document host so that open editors see it at once, logged
 * and attributed to the actor. A section with text is refused (nothing is merged into it).
 */
export async function importIntoSection(
  db: Db,
  host: SectionDocumentHost,
  input: { actor: Actor; sectionId: string; file: ImportedFile },
): Promise<{ sectionId: string; planId: string; format: ImportFormat; summary: ImportSummary }> {
  const section = await requireSection(db, input.sectionId);
  authorize(input.actor, "section.edit", section);
  const notEmpty = () => new ImportError("SECTION_NOT_EMPTY", "The section already has text; empty it or import into a new section");
  if (!(await host.read(section.id, (doc) => isBlankBody(doc.getXmlFragment(SECTION_FRAGMENT))))) throw notEmpty();
  const format = detectFormat(input.file.fileName, input.file.bytes);
  const converted = await convertFile(input.file.bytes, format);
  // A Word title paragraph is kept as the first heading: the section already has its own title.
  const content = converted.title
    ? [{ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: converted.title }] }, ...converted.doc.content]
    : converted.doc.content;
  const node = sectionSchema().nodeFromJSON({ type: "doc", content: fitHeadingLevels(content) });
  const summary = { ...converted.summary, headings: converted.summary.headings + (converted.title ? 1 : 0) };
  await host.change(section.id, input.actor.id, (doc) => {
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    // Checked again on the live document: someone may have typed while the file was converted.
    if (!isBlankBody(fragment)) throw notEmpty();
    doc.transact(() => updateYFragment(doc, fragment, node, { mapping: new Map(), isOMark: new Map() }));
  });
  await recordAuditEvent(db, {
    actorId: input.actor.id,
    action: "section.import",
    targetType: "section",
    targetId: section.id,
    details: { title: section.title, fileName: input.file.fileName, format, summary },
  });
  return { sectionId: section.id, planId: section.planId, format, summary };
}

/** A plan period written in a title (「2021—2025年」); otherwise five years from this one. */
function periodOf(title: string): { periodStart: number; periodEnd: number } {
  const match = /((?:19|20)\d{2})\s*(?:年)?\s*[-–—~～至到]+\s*((?:19|20)\d{2})/.exec(title);
  if (match && Number(match[2]) >= Number(match[1])) return { periodStart: Number(match[1]), periodEnd: Number(match[2]) };
  const year = new Date().getFullYear();
  return { periodStart: year, periodEnd: year + 4 };
}

/**
 * Imports a Word or Markdown file as a new plan (admins: `plan.create`): its top-level headings
 * become sections owned by `departmentId`, each stored as a Yjs document, all in one transaction
 * with its audit event. The plan's title is the one given, else the document's title, else the file name.
 */
export async function importAsPlan(
  db: Db,
  input: { actor: Actor; file: ImportedFile; title?: string; departmentId?: string; names: { prefaceTitle: string } },
): Promise<{ planId: string; title: string; format: ImportFormat; sectionCount: number; summary: ImportSummary }> {
  authorize(input.actor, "plan.create");
  const departmentId = input.departmentId ?? input.actor.departmentId;
  const [department] = await db.select().from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new DomainError("BAD_REQUEST", "Unknown department", "departmentId");
  const format = detectFormat(input.file.fileName, input.file.bytes);
  const converted = await convertFile(input.file.bytes, format);
  const leading = converted.title ? { title: null, doc: converted.doc } : takeLeadingTitle(converted.doc);
  const title = (input.title?.trim() || converted.title || leading.title || fileNameStem(input.file.fileName) || input.file.fileName).slice(0, 200);
  const parts = splitAtTopHeadings(leading.doc, { prefaceTitle: input.names.prefaceTitle, fallbackTitle: title });
  if (parts.length > MAX_IMPORT_SECTIONS)
    throw new ImportError("TOO_MANY_NODES", `The document would make ${parts.length} sections`, { limit: MAX_IMPORT_SECTIONS });
  const states = parts.map((part) => encodeSectionDocument({ type: "doc", content: fitHeadingLevels(part.body.content) }));
  const planId = await db.transaction(async (tx) => {
    const [plan] = await tx.insert(plans).values({ title, ...periodOf(title) }).returning({ id: plans.id });
    for (const [position, part] of parts.entries()) {
      const [section] = await tx
        .insert(sections)
        .values({ planId: plan!.id, parentId: null, position, title: part.title, ownerDepartmentId: department.id })
        .returning({ id: sections.id });
      await tx.insert(sectionDocuments).values({ sectionId: section!.id, state: states[position]! });
    }
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "plan.import",
      targetType: "plan",
      targetId: plan!.id,
      details: { title, fileName: input.file.fileName, format, sections: parts.length, ownerDepartment: department.name, summary: converted.summary },
    });
    return plan!.id;
  });
  // Sections written directly never pass through a collaboration room: the search index learns of them here.
  await indexPlanSections(db, planId).catch((error: unknown) => console.error("[import] indexing the new plan failed:", error));
  publishPlanEvent({ type: "outline", planId });
  return { planId, title, format, sectionCount: parts.length, summary: converted.summary };
}
