import { relations, sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { departments } from "./departments";

export const roleEnum = pgEnum("role", ["admin", "editor", "leader", "viewer"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    /** Login name, stored lower-case. */
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    disabled: boolean("disabled").notNull().default(false),
    /** Bumped to end every session of this user (disable, password reset, force logout). */
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("users_username_key").on(table.username),
    index("users_department_idx").on(table.departmentId),
  ],
);

export const usersRelations = relations(users, ({ one }) => ({
  department: one(departments, { fields: [users.departmentId], references: [departments.id] }),
}));

/** Every login attempt, for throttling by account and by client address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id(),
    username: text("username").notNull(),
    clientAddress: text("client_address").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, mode: "date" }).notNull().default(sql`now()`),
  },
  (table) => [
    index("login_attempts_username_idx").on(table.username, table.attemptedAt),
    index("login_attempts_client_idx").on(table.clientAddress, table.attemptedAt),
  ],
);
