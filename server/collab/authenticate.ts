import type { IncomingMessage } from "node:http";
import { eq, sql } from "drizzle-orm";
import { type Db, perDatabase } from "@/db/client";
import { departments, sections, users } from "@/db/schema";
import { hasUserClaims, readSessionClaims, sessionUserColumns, sessionUserFrom, type SessionUser } from "@/server/auth/session";
import { accessReasons } from "@/lib/collab/protocol";
import { can } from "@/server/policy";
import type { Access } from "./connection";

export type UpgradeRefusal = { status: 400 | 401 | 403 | 404; reason: string };
export type UpgradeGrant = { user: SessionUser; sectionId: string; ownerDepartmentId: string; access: Access };

const SECTION_PATH = /^\/collab\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Run at every upgrade: the session's user and the section's owner in one round trip (no row: no
 * such user; a null owner: no such section). Prepared once per database.
 */
const upgradeQuery = perDatabase((db) =>
  db
    .select({ ...sessionUserColumns, ownerDepartmentId: sections.ownerDepartmentId })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(sections, eq(sections.id, sql.placeholder("sectionId")))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("collab_upgrade"),
);

/** The section id of a collaboration path, or null (checked before anything touches the database). */
export function sectionIdFromPath(url: string | undefined): string | null {
  const pathname = (url ?? "").split("?")[0]!;
  return SECTION_PATH.exec(pathname)?.[1]?.toLowerCase() ?? null;
}

const EDITABLE: Access = Object.freeze({ canEdit: true, reason: accessReasons.granted });
const READ_ONLY_DEPARTMENT: Access = Object.freeze({ canEdit: false, reason: accessReasons.department });
const READ_ONLY_ROLE: Access = Object.freeze({ canEdit: false, reason: accessReasons.role });

/** The socket's access to a section, as the policy decides it (shared, frozen answers). */
export function accessFor(user: SessionUser, section: { ownerDepartmentId: string }): Access | null {
  if (!can(user, "section.read")) return null;
  if (can(user, "section.edit", section)) return EDITABLE;
  return user.role === "editor" ? READ_ONLY_DEPARTMENT : READ_ONLY_ROLE;
}

/** Whether the browser page that opened the socket is our own (cross-site WebSocket hijacking guard). */
export function isSameOrigin(req: IncomingMessage, appOrigin: string): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  if (origin === appOrigin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Decides an upgrade to /collab/<sectionId>: same origin, a valid unrevoked session, an existing
 * section, and the policy's `section.read` (and `section.edit` for a writable socket). Nothing of
 * the section's content is read here.
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  deps: { db: Db; secret: string; secureCookies: boolean; appOrigin: string },
): Promise<UpgradeGrant | UpgradeRefusal> {
  const sectionId = sectionIdFromPath(req.url);
  if (!sectionId) return { status: 404, reason: "unknown collaboration path" };
  // A browser always sends Origin with a WebSocket handshake, so a page of another site is refused
  // here; a client outside a browser (a stock y-websocket client in Node with the session cookie)
  // may leave it out, and could write any Origin anyway.
  if (req.headers.origin !== undefined && !isSameOrigin(req, deps.appOrigin)) return { status: 403, reason: "origin not allowed" };
  const claims = await readSessionClaims(req.headers, deps.secret, deps.secureCookies);
  if (!hasUserClaims(claims)) return { status: 401, reason: "not logged in" };
  const [row] = await upgradeQuery(deps.db).execute({ userId: claims.uid, sectionId });
  const user = sessionUserFrom(row, claims);
  if (!user) return { status: 401, reason: "not logged in" };
  if (!row!.ownerDepartmentId) return { status: 404, reason: "unknown section" };
  const section = { ownerDepartmentId: row!.ownerDepartmentId };
  const access = accessFor(user, section);
  if (!access) return { status: 403, reason: "not allowed to read this section" };
  return { user, sectionId, ownerDepartmentId: section.ownerDepartmentId, access };
}
