import { relations } from "drizzle-orm";
import { boolean, index, integer, numeric, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { departments } from "./departments";
import { users } from "./users";

export const indicatorDirectionEnum = pgEnum("indicator_direction", ["higher_is_better", "lower_is_better"]);

export const indicators = pgTable(
  "indicators",
  {
    id: id(),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    category: text("category").notNull(),
    ownerDepartmentId: uuid("owner_department_id")
      .notNull()
      .references(() => departments.id),
    direction: indicatorDirectionEnum("direction").notNull().default("higher_is_better"),
    baselineValue: numeric("baseline_value", { precision: 18, scale: 4, mode: "number" }),
    baselineYear: integer("baseline_year"),
    targetValue: numeric("target_value", { precision: 18, scale: 4, mode: "number" }),
    targetYear: integer("target_year"),
    description: text("description").notNull().default(""),
    archived: boolean("archived").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("indicators_owner_idx").on(table.ownerDepartmentId), uniqueIndex("indicators_name_key").on(table.name)],
);

export const indicatorObservations = pgTable(
  "indicator_observations",
  {
    id: id(),
    indicatorId: uuid("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    /** e.g. "2020" or "2020-09" */
    period: text("period").notNull(),
    value: numeric("value", { precision: 18, scale: 4, mode: "number" }).notNull(),
    source: text("source").notNull(),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("indicator_observations_period_key").on(table.indicatorId, table.period)],
);

export const indicatorsRelations = relations(indicators, ({ one, many }) => ({
  ownerDepartment: one(departments, { fields: [indicators.ownerDepartmentId], references: [departments.id] }),
  observations: many(indicatorObservations),
}));

export const indicatorObservationsRelations = relations(indicatorObservations, ({ one }) => ({
  indicator: one(indicators, { fields: [indicatorObservations.indicatorId], references: [indicators.id] }),
  recordedBy: one(users, { fields: [indicatorObservations.recordedById], references: [users.id] }),
}));
