import { relations } from "drizzle-orm";
import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { users } from "./users";

export const departments = pgTable(
  "departments",
  {
    id: id(),
    name: text("name").notNull(),
    /** Short code, e.g. GXJ for 市工业和信息化局. */
    code: text("code").notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("departments_name_key").on(table.name), uniqueIndex("departments_code_key").on(table.code)],
);

export const departmentsRelations = relations(departments, ({ many }) => ({
  users: many(users),
}));
