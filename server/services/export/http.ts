import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/auth/session";
import { documentHost } from "@/server/collab/host";
import { PolicyDeniedError } from "@/server/policy";
import { DomainError } from "../errors";
import { requireSection } from "../sections";
import { renderPlanDocx } from "./docx";
import { buildExportModel } from "./model";
import { type RedlineRequest, renderSectionRedline } from "./redline";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAN_EXPORT = /^\/api\/plans\/([^/]+)\/export\.docx$/;
const SECTION_REDLINE = /^\/api\/plans\/([^/]+)\/sections\/([^/]+)\/redline\.docx$/;

/** Whether a path is one of the export downloads (answered by `handleExportRequest`). */
export function isExportPath(pathname: string): boolean {
  return PLAN_EXPORT.test(pathname) || SECTION_REDLINE.test(pathname);
}

/** A file name without characters Windows, WPS or a shell would refuse, at most 120 characters. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned.slice(0, 120) || "export";
}

/**
 * Content-Disposition for a download with a Chinese name: RFC 6266 / RFC 5987 `filename*` in
 * UTF-8 (every browser today), plus a plain ASCII `filename` for older clients.
 */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = asciiFallback.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function sendDocx(res: ServerResponse, buffer: Buffer, fileName: string, asciiFallback: string) {
  res.writeHead(200, {
    "content-type": DOCX_CONTENT_TYPE,
    "content-length": buffer.length,
    "content-disposition": contentDisposition(fileName, asciiFallback),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(buffer);
}

const requireUuid = (value: string, field: string) => {
  if (!UUID.test(value)) throw new BadRequest("must be a valid id", field);
  return value.toLowerCase();
};

/** `?approved=1` (or true / 0 / false); anything else is a bad request. */
function flagParam(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new BadRequest("must be 1 or 0", name);
}

function redlineSides(url: URL): Pick<RedlineRequest, "from" | "to"> {
  const from = url.searchParams.get("from") ?? "approved";
  const to = url.searchParams.get("to") ?? "current";
  return {
    from: from === "approved" ? { approved: true } : { versionId: requireUuid(from, "from") },
    to: to === "current" ? { current: true } : { versionId: requireUuid(to, "to") },
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * GET /api/plans/<planId>/export.docx[?approved=1][&section=<sectionId>] — the plan (or one
 * section and its subsections) as a 公文-layout Word file;
 * GET /api/plans/<planId>/sections/<sectionId>/redline.docx?from=<versionId|approved>&to=<versionId|current>
 * — the differences between two versions of a section with revision marks.
 * Called after the login gate; the policy decides (plan.read / section.read / version.read).
 * Errors are JSON: 400 bad parameters, 403 refused, 404 unknown plan, section or version.
 */
export async function handleExportRequest(req: IncomingMessage, res: ServerResponse, deps: { db: Db; user: SessionUser | null }): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    sendJson(res, 405, { error: "METHOD_NOT_ALLOWED", message: "Use GET" });
    return;
  }
  if (!deps.user) {
    sendJson(res, 401, { error: "UNAUTHORIZED", message: "Not logged in" });
    return;
  }
  try {
    const redline = SECTION_REDLINE.exec(url.pathname);
    if (redline) {
      const planId = requireUuid(redline[1]!, "planId");
      const sectionId = requireUuid(redline[2]!, "sectionId");
      const sides = redlineSides(url);
      if ((await requireSection(deps.db, sectionId)).planId !== planId) throw new DomainError("NOT_FOUND", "Unknown section", "sectionId");
      const { buffer, section } = await renderSectionRedline(deps.db, documentHost(deps.db), { actor: deps.user, sectionId, ...sides });
      sendDocx(res, buffer, `${safeFileName(`修订对比-${section.title}`)}.docx`, `redline-${sectionId.slice(0, 8)}-${today()}.docx`);
      return;
    }
    const match = PLAN_EXPORT.exec(url.pathname)!;
    const planId = requireUuid(match[1]!, "planId");
    const approved = flagParam(url, "approved");
    const sectionParam = url.searchParams.get("section");
    const sectionId = sectionParam ? requireUuid(sectionParam, "section") : null;
    const model = await buildExportModel(deps.db, documentHost(deps.db), { actor: deps.user, planId, sectionId, approved });
    const section = sectionId ? model.sections.find((entry) => entry.id === sectionId) : null;
    const name = [model.plan.title, section?.title, approved ? "审定稿" : null].filter(Boolean).join("-");
    sendDocx(res, await renderPlanDocx(model), `${safeFileName(name)}.docx`, `plan-${approved ? "approved-" : ""}${today()}.docx`);
  } catch (error) {
    if (error instanceof BadRequest) sendJson(res, 400, { error: "BAD_REQUEST", message: `${error.field}: ${error.message}`, field: error.field });
    else if (error instanceof PolicyDeniedError) sendJson(res, 403, { error: "FORBIDDEN", message: error.message });
    else if (error instanceof DomainError)
      sendJson(res, error.code === "NOT_FOUND" ? 404 : error.code === "BAD_REQUEST" ? 400 : 409, { error: error.code, message: error.message, field: error.field ?? null });
    else {
      console.error("[export] failed:", error);
      sendJson(res, 500, { error: "INTERNAL_SERVER_ERROR", message: "The document could not be generated" });
    }
  }
}
