import type { IncomingMessage, ServerResponse } from "node:http";
import { createTranslator } from "next-intl";
import type { Db } from "@/db/client";
import { defaultLocale, isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import enMessages from "@/lib/i18n/messages/en/import.json";
import zhMessages from "@/lib/i18n/messages/zh-CN/import.json";
import { parseCookies, type SessionUser } from "@/server/auth/session";
import { isSameOrigin } from "@/server/collab/authenticate";
import { documentHost } from "@/server/collab/host";
import { PolicyDeniedError } from "@/server/policy";
import { DomainError } from "@/server/services/errors";
import { MAX_IMPORT_BYTES } from "./convert";
import { ImportError, importErrorStatus } from "./errors";
import { importAsPlan, importIntoSection } from "./index";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const messages = { "zh-CN": zhMessages, en: enMessages } as const;

/** The reader's language: `?locale=`, then the language cookie, then Accept-Language. */
export function localeOf(req: IncomingMessage, url: URL): Locale {
  const asked = url.searchParams.get("locale");
  if (isLocale(asked)) return asked;
  const cookie = parseCookies(req.headers.cookie)[LOCALE_COOKIE];
  if (isLocale(cookie)) return cookie;
  const accepted = String(req.headers["accept-language"] ?? "").toLowerCase();
  if (/^\s*en\b/.test(accepted)) return "en";
  return defaultLocale;
}

/** Thrown while reading the body: the file passed the size limit (nothing past it is kept). */
class BodyTooLarge extends Error {}

/**
 * After a refusal the rest of an upload is read and thrown away (so that the client, still sending,
 * gets to read the 413 instead of a reset connection), up to this many bytes; past that the
 * connection is cut.
 */
const DISCARD_LIMIT = 64 * 1024 * 1024;

function discardRest(req: IncomingMessage) {
  let discarded = 0;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}

/** Reads the request body, refusing as soon as it passes `limit` bytes (what follows is not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

type ErrorBody = { ok: false; code: string; message: string; params?: Record<string, string | number> };

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * POST /api/import — a Word (.docx) or Markdown file as the raw request body, its name in the
 * `x-file-name` header (URI-encoded) or `?fileName=`. Into an empty section: `?sectionId=<id>`;
 * as a new plan: `?target=plan[&title=…][&departmentId=…]`. Answers JSON: `{ ok: true, … summary }`
 * or `{ ok: false, code, message, params }` with the message in the reader's language.
 */
export async function handleImportRequest(req: IncomingMessage, res: ServerResponse, deps: { db: Db; user: SessionUser; url: URL; appOrigin: string }) {
  const { db, user, url } = deps;
  const locale = localeOf(req, url);
  const t = createTranslator({ locale, messages: messages[locale] });
  const fail = (status: number, code: string, params: Record<string, string | number> = {}) =>
    send(res, status, { ok: false, code, message: t(`importErrors.${code}` as never, params as never), params } satisfies ErrorBody);

  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    return fail(405, "METHOD_NOT_ALLOWED");
  }
  // Browsers always send Origin with an upload: one from another site is refused (scripts send none).
  if (req.headers.origin !== undefined && !isSameOrigin(req, deps.appOrigin)) return fail(403, "ORIGIN_NOT_ALLOWED");
  const target = url.searchParams.get("target") ?? (url.searchParams.has("sectionId") ? "section" : null);
  const sectionId = url.searchParams.get("sectionId") ?? "";
  const departmentId = url.searchParams.get("departmentId") || undefined;
  if ((target !== "section" && target !== "plan") || (target === "section" && !UUID.test(sectionId)) || (departmentId && !UUID.test(departmentId)))
    return fail(400, "BAD_REQUEST");
  let fileName: string;
  try {
    fileName = decodeURIComponent(String(req.headers["x-file-name"] ?? url.searchParams.get("fileName") ?? "")).trim();
  } catch {
    return fail(400, "BAD_REQUEST");
  }
  if (!fileName || fileName.length > 255) return fail(400, "BAD_REQUEST");

  let bytes: Buffer;
  try {
    bytes = await readBody(req, MAX_IMPORT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      discardRest(req);
      return fail(413, "FILE_TOO_LARGE", { megabytes: MAX_IMPORT_BYTES / 1024 / 1024 });
    }
    throw error;
  }

  try {
    if (target === "section") {
      const result = await importIntoSection(db, documentHost(db), { actor: user, sectionId, file: { fileName, bytes } });
      return send(res, 200, { ok: true, target, ...result });
    }
    const result = await importAsPlan(db, {
      actor: user,
      file: { fileName, bytes },
      title: url.searchParams.get("title")?.slice(0, 200) || undefined,
      departmentId,
      names: { prefaceTitle: t("import.prefaceTitle") },
    });
    return send(res, 201, { ok: true, target, ...result });
  } catch (error) {
    if (error instanceof ImportError) return fail(importErrorStatus[error.code], error.code, error.params);
    if (error instanceof PolicyDeniedError) return fail(403, "FORBIDDEN");
    if (error instanceof DomainError) return fail(error.code === "NOT_FOUND" ? 404 : 400, error.code === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST");
    console.error("[import] failed:", error);
    return fail(500, "INTERNAL");
  }
}
