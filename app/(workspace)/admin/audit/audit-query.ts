import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/* Reading the audit log's filters from the URL: shared by the server page and the filters in the browser. */

export type AuditInput = Exclude<inferRouterInputs<AppRouter>["audit"]["list"], undefined | void>;
export type AuditType = NonNullable<AuditInput["type"]>;

/** The kinds of audited actions audit.list filters by (server/routers/audit.ts). */
export const auditTypes = ["user", "department", "section", "version", "review", "comment", "project", "indicator"] as const satisfies readonly AuditType[];

/** The filters of the log as they stand in the URL (?actor=&department=&type=&from=&to=). */
export type AuditFilterValues = { actor: string; department: string; type: AuditType | ""; from: string; to: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const filterKeys = ["actor", "department", "type", "from", "to"] as const;

const isAuditType = (value: string): value is AuditType => (auditTypes as readonly string[]).includes(value);

/** The query string of the audit page as the server received it. */
export type AuditSearchParams = Partial<Record<(typeof filterKeys)[number], string | string[]>>;

/** Reads the filters from the query string; values that do not fit (a mistyped id or date) are dropped rather than sent. */
export function auditFiltersOf(params: AuditSearchParams): AuditFilterValues {
  const read = (key: (typeof filterKeys)[number], valid: (value: string) => boolean) => {
    const value = params[key];
    return typeof value === "string" && valid(value) ? value : "";
  };
  const type = read("type", isAuditType);
  return {
    actor: read("actor", (value) => UUID.test(value)),
    department: read("department", (value) => UUID.test(value)),
    type: isAuditType(type) ? type : "",
    from: read("from", (value) => DATE.test(value)),
    to: read("to", (value) => DATE.test(value)),
  };
}
