import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea, createdAt, id } from "./columns";
import { sections } from "./plans";
import { users } from "./users";

export const versionKindEnum = pgEnum("version_kind", ["manual", "submitted", "approved", "restored"]);

/** A figure of a linked project or indicator as it was when a version was taken. */
export type VersionFigure =
  | { kind: "project"; id: string; name: string; status: string; totalInvestment: number | null }
  | {
      kind: "indicator";
      id: string;
      name: string;
      unit: string;
      latestValue: number | null;
      latestPeriod: string | null;
      targetValue: number | null;
      targetYear: number | null;
    };

/**
 * A named point in a section's history. The snapshot (Y.encodeSnapshot: state vector + delete set)
 * addresses that state inside the section's never-garbage-collected document, which is what diffs
 * render; the ProseMirror JSON of that state is kept as well, so a version can be shown and restored
 * on its own.
 */
export const sectionVersions = pgTable(
  "section_versions",
  {
    id: id(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    kind: versionKindEnum("kind").notNull(),
    label: text("label").notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: createdAt(),
    snapshot: bytea("snapshot").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    figures: jsonb("figures").$type<VersionFigure[]>().notNull().default([]),
    /** Characters of text in the version (for sizes of change). */
    textLength: integer("text_length").notNull().default(0),
  },
  (table) => [index("section_versions_section_idx").on(table.sectionId, table.createdAt)],
);

/**
 * Which user wrote under which Yjs client id in a section (filled at compaction from the update
 * log, whose rows the server attributed to the authenticated sender). First writer wins.
 */
export const sectionAuthors = pgTable(
  "section_authors",
  {
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    clientId: bigint("client_id", { mode: "number" }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.sectionId, table.clientId] })],
);

/** Everything a user deleted in a section (a merged Yjs delete set, as an encoded snapshot with an empty state vector). */
export const sectionDeletions = pgTable(
  "section_deletions",
  {
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    deletions: bytea("deletions").notNull(),
  },
  (table) => [primaryKey({ columns: [table.sectionId, table.userId] })],
);

export const reviewActionEnum = pgEnum("review_action", ["submitted", "approved", "changes_requested", "reopened"]);

/** The review history of a section: who submitted, approved, sent back, and why. */
export const sectionReviewEvents = pgTable(
  "section_review_events",
  {
    id: id(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    action: reviewActionEnum("action").notNull(),
    /** Null when the system acted (an edit after approval reopened the section). */
    actorId: uuid("actor_id").references(() => users.id),
    message: text("message").notNull().default(""),
    versionId: uuid("version_id").references(() => sectionVersions.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [index("section_review_events_section_idx").on(table.sectionId, table.createdAt)],
);

/** A comment thread anchored to a range of a section's text by Yjs relative positions. */
export const commentThreads = pgTable(
  "comment_threads",
  {
    id: id(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    /** Y.encodeRelativePosition of the range's start and end in the section body. */
    anchorStart: bytea("anchor_start").notNull(),
    anchorEnd: bytea("anchor_end").notNull(),
    /** The text the range covered when the thread was opened. */
    quote: text("quote").notNull(),
    createdById: uuid("created_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    resolvedById: uuid("resolved_by_id").references(() => users.id),
  },
  (table) => [index("comment_threads_section_idx").on(table.sectionId, table.createdAt)],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("comments_thread_idx").on(table.threadId, table.createdAt)],
);

export const notificationKindEnum = pgEnum("notification_kind", [
  "section_submitted",
  "section_approved",
  "section_changes_requested",
  "mentioned",
  "comment",
]);

/** In-app notifications (the bell). */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKindEnum("kind").notNull(),
    actorId: uuid("actor_id").references(() => users.id),
    sectionId: uuid("section_id").references(() => sections.id, { onDelete: "cascade" }),
    threadId: uuid("thread_id").references(() => commentThreads.id, { onDelete: "cascade" }),
    /** Short text shown in the bell (a reason, a comment excerpt). */
    message: text("message").notNull().default(""),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("notifications_user_idx").on(table.userId, table.createdAt)],
);

/** When a leader last looked at a section in the review workspace, and what it was then. */
export const reviewVisits = pgTable(
  "review_visits",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    seenAt: timestamp("seen_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Y.encodeSnapshot of the section as it was shown. */
    snapshot: bytea("snapshot").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.sectionId] })],
);
