import { relations } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea, createdAt, id, updatedAt } from "./columns";
import { sectionVersions } from "./review";
import { departments } from "./departments";
import { users } from "./users";


export const planStatusEnum = pgEnum("plan_status", ["drafting", "published", "archived"]);
export const sectionStatusEnum = pgEnum("section_status", [
  "drafting",
  "in_review",
  "approved",
  "changes_requested",
]);

export const plans = pgTable("plans", {
  id: id(),
  title: text("title").notNull(),
  /** e.g. 2020–2025 */
  periodStart: integer("period_start").notNull(),
  periodEnd: integer("period_end").notNull(),
  status: planStatusEnum("status").notNull().default("drafting"),
  summary: text("summary").notNull().default(""),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sections = pgTable(
  "sections",
  {
    id: id(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => sections.id, { onDelete: "cascade" }),
    /** Order among siblings. */
    position: integer("position").notNull(),
    title: text("title").notNull(),
    ownerDepartmentId: uuid("owner_department_id")
      .notNull()
      .references(() => departments.id),
    status: sectionStatusEnum("status").notNull().default("drafting"),
    /** The version a leader last approved (kept when later edits reopen the section). */
    approvedVersionId: uuid("approved_version_id").references((): AnyPgColumn => sectionVersions.id, { onDelete: "set null" }),
    /** Who submitted the section for review, and when (the current or last submission). */
    submittedById: uuid("submitted_by_id").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("sections_plan_idx").on(table.planId, table.parentId, table.position),
    index("sections_owner_idx").on(table.ownerDepartmentId),
  ],
);

/** The compacted Yjs state of one section (Y.encodeStateAsUpdate). One Yjs document per section. */
export const sectionDocuments = pgTable("section_documents", {
  sectionId: uuid("section_id")
    .primaryKey()
    .references(() => sections.id, { onDelete: "cascade" }),
  state: bytea("state").notNull(),
  updatedAt: updatedAt(),
});

/** Yjs updates appended since the last compaction, in order. */
export const sectionUpdates = pgTable(
  "section_updates",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    update: bytea("update").notNull(),
    userId: uuid("user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("section_updates_section_idx").on(table.sectionId, table.seq)],
);

export const plansRelations = relations(plans, ({ many }) => ({
  sections: many(sections),
}));

export const sectionsRelations = relations(sections, ({ one }) => ({
  plan: one(plans, { fields: [sections.planId], references: [plans.id] }),
  ownerDepartment: one(departments, { fields: [sections.ownerDepartmentId], references: [departments.id] }),
  document: one(sectionDocuments, { fields: [sections.id], references: [sectionDocuments.sectionId] }),
}));
