import { customType, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";
import { indicators } from "./indicators";
import { plans, sections } from "./plans";
import { projects } from "./projects";

/** A tsvector column, written as a literal built in application code (`lib/search/tokenise.ts`). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const searchKindEnum = pgEnum("search_kind", ["section", "project", "indicator"]);

/**
 * The full-text search index: one row per passage of a section (its title, each text block of its
 * body), a project or an indicator (name, description, other fields), with its n-gram tsvector.
 * Derived from the entities (re-written when they change), never edited on its own. Exactly one of
 * section/project/indicator is set, so deleting the entity deletes its rows.
 */
export const searchEntries = pgTable(
  "search_entries",
  {
    kind: searchKindEnum("kind").notNull(),
    /** The section, project or indicator the row belongs to (the hit's id). */
    entityId: uuid("entity_id").notNull(),
    /** Order of the row within its entity; 0 is the title (section) or name (project, indicator). */
    row: integer("row").notNull(),
    /** For section body rows: the index of the text block (paragraph, heading, cell paragraph…) in document order. */
    blockIndex: integer("block_index"),
    planId: uuid("plan_id").references(() => plans.id, { onDelete: "cascade" }),
    sectionId: uuid("section_id").references(() => sections.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    indicatorId: uuid("indicator_id").references(() => indicators.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    tsv: tsvector("tsv").notNull(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.entityId, table.row] }),
    index("search_entries_tsv_idx").using("gin", table.tsv),
    index("search_entries_section_idx").on(table.sectionId),
    index("search_entries_project_idx").on(table.projectId),
    index("search_entries_indicator_idx").on(table.indicatorId),
  ],
);
