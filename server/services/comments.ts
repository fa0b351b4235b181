import { and, asc, eq, inArray } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { comments, commentThreads, departments, sections, users } from "@/db/schema";
import { SECTION_FRAGMENT } from "@/lib/editor/names";
import type { SectionDocumentHost } from "@/server/collab/host";
import { publishPlanEvent } from "@/server/events";
import { type Actor, authorize, can } from "@/server/policy";
import { recordAuditEvent } from "./audit";
import { DomainError } from "./errors";
import { deliver, notify, sectionEditors } from "./notifications";
import { requireSection } from "./sections";

export const MAX_COMMENT_LENGTH = 4000;
export const MAX_QUOTE_LENGTH = 500;

/** `@username` mentions in a comment body (usernames are lower-case letters, digits, `_`, `.`, `-`). */
export function mentionedUsernames(body: string): string[] {
  return [...new Set([...body.matchAll(/(?:^|[^\w.@-])@([a-z0-9_.-]{2,32})/gi)].map((match) => match[1]!.toLowerCase().replace(/\.+$/, "")))];
}

function decodeAnchor(value: string, field: string): Y.RelativePosition {
  try {
    const bytes = Buffer.from(value, "base64");
    if (bytes.length === 0 || bytes.length > 256) throw new Error("size");
    return Y.decodeRelativePosition(bytes);
  } catch {
    throw new DomainError("BAD_REQUEST", "The comment's anchor is not a valid position in the text", field);
  }
}

function cleanBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new DomainError("BAD_REQUEST", "A comment cannot be empty", "body");
  if (trimmed.length > MAX_COMMENT_LENGTH) throw new DomainError("BAD_REQUEST", `A comment is at most ${MAX_COMMENT_LENGTH} characters`, "body");
  return trimmed;
}

/** Active users named by `@username` in a body. */
async function mentionedUsers(db: Db, body: string): Promise<string[]> {
  const usernames = mentionedUsernames(body);
  if (usernames.length === 0) return [];
  const rows = await db.select({ id: users.id }).from(users).where(and(inArray(users.username, usernames), eq(users.disabled, false)));
  return rows.map((row) => row.id);
}

/**
 * A section's threads, oldest first, each with its comments and their authors' names and
 * departments, and whether `actor` may resolve it (so the UI offers only what the policy allows).
 */
export async function listThreads(db: Db, sectionId: string, actor: Actor) {
  const section = await requireSection(db, sectionId);
  const threads = await db.select().from(commentThreads).where(eq(commentThreads.sectionId, sectionId)).orderBy(asc(commentThreads.createdAt));
  if (threads.length === 0) return [];
  const rows = await db
    .select({
      id: comments.id,
      threadId: comments.threadId,
      body: comments.body,
      createdAt: comments.createdAt,
      author: { id: users.id, displayName: users.displayName, username: users.username, departmentName: departments.name },
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(inArray(comments.threadId, threads.map((thread) => thread.id)))
    .orderBy(asc(comments.createdAt));
  const byThread = new Map<string, typeof rows>();
  for (const row of rows) byThread.set(row.threadId, [...(byThread.get(row.threadId) ?? []), row]);
  return threads.map((thread) => ({
    id: thread.id,
    sectionId: thread.sectionId,
    anchorStart: Buffer.from(thread.anchorStart).toString("base64"),
    anchorEnd: Buffer.from(thread.anchorEnd).toString("base64"),
    quote: thread.quote,
    createdAt: thread.createdAt,
    resolvedAt: thread.resolvedAt,
    resolvedById: thread.resolvedById,
    createdById: thread.createdById,
    canResolve: can(actor, "comment.resolve", { createdById: thread.createdById, section }),
    comments: (byThread.get(thread.id) ?? []).map(({ threadId: _threadId, ...comment }) => comment),
  }));
}

/**
 * Opens a thread on a range of the section's text. The anchors are Yjs relative positions (base64
 * of Y.encodeRelativePosition) made by the browser; they must point into this section's body.
 */
export async function createThread(
  db: Db,
  host: SectionDocumentHost,
  input: { actor: Actor; sectionId: string; anchorStart: string; anchorEnd: string; quote: string; body: string },
) {
  authorize(input.actor, "comment.write");
  const section = await requireSection(db, input.sectionId);
  const body = cleanBody(input.body);
  const quote = input.quote.trim().slice(0, MAX_QUOTE_LENGTH);
  if (!quote) throw new DomainError("BAD_REQUEST", "Select the text to comment on", "quote");
  const start = decodeAnchor(input.anchorStart, "anchorStart");
  const end = decodeAnchor(input.anchorEnd, "anchorEnd");
  const resolved = await host.read(section.id, (doc) => {
    const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
    const inBody = (position: Y.RelativePosition) => {
      const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
      if (!absolute) return false;
      for (let type: Y.AbstractType<unknown> | null = absolute.type; type; type = (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
        if (type === fragment) return true;
      }
      return false;
    };
    return inBody(start) && inBody(end);
  });
  if (!resolved) throw new DomainError("BAD_REQUEST", "The comment's anchor is not in this section's text", "anchorStart");
  const mentioned = await mentionedUsers(db, body);
  const { thread, delivered } = await db.transaction(async (tx) => {
    const [thread] = await tx
      .insert(commentThreads)
      .values({
        sectionId: section.id,
        anchorStart: Y.encodeRelativePosition(start),
        anchorEnd: Y.encodeRelativePosition(end),
        quote,
        createdById: input.actor.id,
      })
      .returning();
    await tx.insert(comments).values({ threadId: thread!.id, authorId: input.actor.id, body });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "comment.create",
      targetType: "section",
      targetId: section.id,
      details: { threadId: thread!.id, quote, title: section.title },
    });
    const delivered = [
      ...(await notify(tx, mentioned, { kind: "mentioned", actorId: input.actor.id, sectionId: section.id, threadId: thread!.id, message: body.slice(0, 200) })),
      ...(await notify(
        tx,
        (await sectionEditors(tx, section.id)).filter((id) => !mentioned.includes(id)),
        { kind: "comment", actorId: input.actor.id, sectionId: section.id, threadId: thread!.id, message: body.slice(0, 200) },
      )),
    ];
    return { thread: thread!, delivered };
  });
  deliver(delivered);
  publishPlanEvent({ type: "comments", planId: section.planId, sectionId: section.id });
  return { id: thread.id };
}

async function requireThread(db: Db, threadId: string) {
  const [row] = await db
    .select({ thread: commentThreads, section: sections })
    .from(commentThreads)
    .innerJoin(sections, eq(sections.id, commentThreads.sectionId))
    .where(eq(commentThreads.id, threadId));
  if (!row) throw new DomainError("NOT_FOUND", "Unknown comment thread", "threadId");
  return row;
}

/** A reply; notifies the thread's participants, the section's editors and anyone mentioned. */
export async function replyToThread(db: Db, input: { actor: Actor; threadId: string; body: string }) {
  authorize(input.actor, "comment.write");
  const { thread, section } = await requireThread(db, input.threadId);
  const body = cleanBody(input.body);
  const mentioned = await mentionedUsers(db, body);
  const { comment, delivered } = await db.transaction(async (tx) => {
    const [comment] = await tx.insert(comments).values({ threadId: thread.id, authorId: input.actor.id, body }).returning();
    if (thread.resolvedAt) await tx.update(commentThreads).set({ resolvedAt: null, resolvedById: null }).where(eq(commentThreads.id, thread.id));
    const participants = (await tx.selectDistinct({ id: comments.authorId }).from(comments).where(eq(comments.threadId, thread.id))).map((row) => row.id);
    const others = [...participants, ...(await sectionEditors(tx, section.id))].filter((id) => !mentioned.includes(id));
    const delivered = [
      ...(await notify(tx, mentioned, { kind: "mentioned", actorId: input.actor.id, sectionId: section.id, threadId: thread.id, message: body.slice(0, 200) })),
      ...(await notify(tx, others, { kind: "comment", actorId: input.actor.id, sectionId: section.id, threadId: thread.id, message: body.slice(0, 200) })),
    ];
    return { comment: comment!, delivered };
  });
  deliver(delivered);
  publishPlanEvent({ type: "comments", planId: section.planId, sectionId: section.id });
  return { id: comment.id };
}

/** Resolves or reopens a thread (its author, the owner department's editors, leaders, admins). */
export async function setThreadResolved(db: Db, input: { actor: Actor; threadId: string; resolved: boolean }) {
  const { thread, section } = await requireThread(db, input.threadId);
  authorize(input.actor, "comment.resolve", { createdById: thread.createdById, section });
  await db.transaction(async (tx) => {
    await tx
      .update(commentThreads)
      .set(input.resolved ? { resolvedAt: new Date(), resolvedById: input.actor.id } : { resolvedAt: null, resolvedById: null })
      .where(eq(commentThreads.id, thread.id));
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: input.resolved ? "comment.resolve" : "comment.reopen",
      targetType: "section",
      targetId: section.id,
      details: { threadId: thread.id, quote: thread.quote, title: section.title },
    });
  });
  publishPlanEvent({ type: "comments", planId: section.planId, sectionId: section.id });
  return { id: thread.id, resolved: input.resolved };
}
