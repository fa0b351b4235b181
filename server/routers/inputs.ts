import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/server/auth/password";
import { roles } from "@/server/policy";

/** Shared, bounded input fields. Messages are codes the UI translates. */
export const uuidField = z.uuid({ message: "must be a valid id" });
export const usernameField = z
  .string()
  .trim()
  .min(2, { message: "must be 2–32 characters" })
  .max(32, { message: "must be 2–32 characters" })
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, { message: "letters, digits, _ . - only, starting with a letter" });
export const displayNameField = z.string().trim().min(1, { message: "is required" }).max(64, { message: "must be at most 64 characters" });
export const passwordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
export const roleField = z.enum(roles, { message: `must be one of ${roles.join(", ")}` });
export const departmentNameField = z.string().trim().min(2, { message: "must be 2–64 characters" }).max(64, { message: "must be 2–64 characters" });
export const departmentCodeField = z
  .string()
  .trim()
  .min(2, { message: "must be 2–16 characters" })
  .max(16, { message: "must be 2–16 characters" })
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { message: "letters, digits and _ only, starting with a letter" });
export const searchField = z.string().trim().max(100, { message: "must be at most 100 characters" });

export const registryNameField = z.string().trim().min(1, { message: "is required" }).max(200, { message: "must be at most 200 characters" });
export const shortTextField = z.string().trim().max(100, { message: "must be at most 100 characters" });
export const longTextField = z.string().trim().max(5000, { message: "must be at most 5000 characters" });
export const isoDateField = z.iso.date({ message: "must be a date like 2020-09-18" });
/** A CSV file's text, at most 2 MB. */
export const csvField = z.string().max(2_000_000, { message: "must be at most 2 MB" });
