import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/** Installation-wide values generated once, e.g. the session signing secret when AUTH_SECRET is unset. */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
