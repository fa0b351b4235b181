import { relations } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { departments } from "./departments";
import { users } from "./users";

export const projectStatusEnum = pgEnum("project_status", [
  "planned",
  "under_construction",
  "in_production",
  "completed",
  "suspended",
]);

/** A key figure of a project, e.g. { label: "服务器年产能", value: 36, unit: "万台" }. */
export type ProjectFigure = { label: string; value: number; unit: string };

export const projects = pgTable(
  "projects",
  {
    id: id(),
    name: text("name").notNull(),
    category: text("category").notNull(),
    ownerDepartmentId: uuid("owner_department_id")
      .notNull()
      .references(() => departments.id),
    status: projectStatusEnum("status").notNull(),
    /** 亿元 */
    totalInvestment: numeric("total_investment", { precision: 14, scale: 2, mode: "number" }),
    startDate: date("start_date"),
    endDate: date("end_date"),
    location: text("location").notNull().default(""),
    description: text("description").notNull().default(""),
    figures: jsonb("figures").$type<ProjectFigure[]>().notNull().default([]),
    /** Archived projects stay citable history but leave the registry's default list. */
    archived: boolean("archived").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("projects_owner_idx").on(table.ownerDepartmentId), uniqueIndex("projects_name_key").on(table.name)],
);

export const projectMilestones = pgTable(
  "project_milestones",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    dueDate: date("due_date"),
    done: boolean("done").notNull().default(false),
    position: integer("position").notNull().default(0),
  },
  (table) => [index("project_milestones_project_idx").on(table.projectId)],
);

/** Every status change of a project, with who and when. */
export const projectStatusChanges = pgTable(
  "project_status_changes",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    fromStatus: projectStatusEnum("from_status"),
    toStatus: projectStatusEnum("to_status").notNull(),
    changedById: uuid("changed_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (table) => [index("project_status_changes_project_idx").on(table.projectId)],
);

export const projectsRelations = relations(projects, ({ one, many }) => ({
  ownerDepartment: one(departments, { fields: [projects.ownerDepartmentId], references: [departments.id] }),
  milestones: many(projectMilestones),
}));

export const projectMilestonesRelations = relations(projectMilestones, ({ one }) => ({
  project: one(projects, { fields: [projectMilestones.projectId], references: [projects.id] }),
}));
