import { index, pgEnum, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { sections } from "./plans";

export const linkTargetEnum = pgEnum("link_target", ["project", "indicator"]);

/**
 * Which sections cite which projects and indicators. Derived from the section documents (their
 * inline chips) whenever a document is stored; never edited on its own.
 */
export const sectionLinks = pgTable(
  "section_links",
  {
    sectionId: uuid("section_id")
      .notNull()
      .references(() => sections.id, { onDelete: "cascade" }),
    targetType: linkTargetEnum("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.sectionId, table.targetType, table.targetId] }),
    index("section_links_target_idx").on(table.targetType, table.targetId),
  ],
);
