import { eq } from "drizzle-orm";
import Papa from "papaparse";
import type { Db } from "@/db/client";
import { departments, indicatorObservations, indicators, projects } from "@/db/schema";
import { publishRegistryEvent } from "@/server/events";
import { recordAuditEvent } from "./audit";
import { PERIOD_PATTERN } from "./indicators";
import { indexRegistryEntry } from "./search";
import type { ProjectStatus } from "./projects";

/** One refused row: 1-based line in the file (the header is line 1), the column and why. */
export type CsvRowError = { line: number; column: string; reason: CsvErrorReason; value: string };
export type CsvErrorReason =
  | "missing_column"
  | "required"
  | "unknown_department"
  | "unknown_indicator"
  | "unknown_status"
  | "bad_number"
  | "bad_date"
  | "bad_period"
  | "duplicate"
  | "already_recorded"
  | "forbidden"
  | "too_long";

export type CsvImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: CsvRowError[] };

/** Excel and WPS open UTF-8 CSV files correctly only with a byte-order mark. */
const BOM = "\uFEFF";

const projectColumns = {
  name: "名称",
  category: "类别",
  ownerDepartment: "责任部门",
  status: "状态",
  totalInvestment: "总投资（亿元）",
  startDate: "开工日期",
  endDate: "竣工日期",
  location: "地点",
  description: "简介",
} as const;

const observationColumns = { indicator: "指标名称", period: "期间", value: "数值", source: "来源" } as const;

export const projectStatusLabels: Record<ProjectStatus, string> = {
  planned: "前期谋划",
  under_construction: "在建",
  in_production: "已投产",
  completed: "已完成",
  suspended: "暂缓实施",
};

function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return BOM + Papa.unparse({ fields: header, data: rows.map((row) => row.map((cell) => (cell === null ? "" : String(cell)))) }, { newline: "\r\n" });
}

function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim(),
    transform: (value) => value.trim(),
  });
  return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

/** A number as people type it: full-width digits and thousands separators allowed. */
export function parseLooseNumber(raw: string): number | null {
  const normalized = raw
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, ".")
    .replace(/[,，\s]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return null;
  return Number(normalized);
}

function parseDate(raw: string): string | null {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function missingColumns(header: string[], required: string[]): CsvRowError[] {
  return required.filter((column) => !header.includes(column)).map((column) => ({ line: 1, column, reason: "missing_column", value: "" }));
}

export async function exportProjectsCsv(db: Db): Promise<string> {
  const departmentRows = await db.select().from(departments);
  const departmentName = new Map(departmentRows.map((department) => [department.id, department.name]));
  const rows = await db.select().from(projects).orderBy(projects.name);
  return toCsv(
    Object.values(projectColumns),
    rows.map((project) => [
      project.name,
      project.category,
      departmentName.get(project.ownerDepartmentId) ?? "",
      projectStatusLabels[project.status],
      project.totalInvestment,
      project.startDate,
      project.endDate,
      project.location,
      project.description,
    ]),
  );
}

/**
 * Imports projects: every row is checked first and every bad row reported (line, column, reason);
 * nothing is written unless the whole file is valid. A name already in the registry updates that
 * project; a name twice in the file is a duplicate. `canEdit` asks the policy for the department.
 */
export async function importProjectsCsv(
  db: Db,
  input: { actor: { id: string }; csv: string; canEdit: (ownerDepartmentId: string) => boolean },
): Promise<CsvImportResult> {
  const { header, rows } = parseCsv(input.csv);
  const headerErrors = missingColumns(header, [projectColumns.name, projectColumns.category, projectColumns.ownerDepartment, projectColumns.status]);
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const departmentRows = await db.select().from(departments);
  const departmentByKey = new Map<string, string>();
  for (const department of departmentRows) {
    departmentByKey.set(department.name, department.id);
    departmentByKey.set(department.code.toUpperCase(), department.id);
  }
  const statusByLabel = new Map<string, ProjectStatus>();
  for (const [status, label] of Object.entries(projectStatusLabels) as [ProjectStatus, string][]) {
    statusByLabel.set(label, status);
    statusByLabel.set(status, status);
  }
  const existing = new Map((await db.select({ id: projects.id, name: projects.name, ownerDepartmentId: projects.ownerDepartmentId }).from(projects)).map((row) => [row.name, row]));

  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  const valid: { existingId: string | null; values: typeof projects.$inferInsert }[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const fail = (column: string, reason: CsvErrorReason, value = "") => errors.push({ line, column, reason, value });
    const cell = (column: string) => row[column] ?? "";
    const before = errors.length;

    const name = cell(projectColumns.name);
    if (!name) fail(projectColumns.name, "required");
    else if (name.length > 200) fail(projectColumns.name, "too_long", name.slice(0, 40));
    else if (seen.has(name)) fail(projectColumns.name, "duplicate", name);
    else seen.set(name, line);
    const category = cell(projectColumns.category);
    if (!category) fail(projectColumns.category, "required");
    const departmentKey = cell(projectColumns.ownerDepartment);
    const ownerDepartmentId = departmentByKey.get(departmentKey) ?? departmentByKey.get(departmentKey.toUpperCase());
    if (!departmentKey) fail(projectColumns.ownerDepartment, "required");
    else if (!ownerDepartmentId) fail(projectColumns.ownerDepartment, "unknown_department", departmentKey);
    else if (!input.canEdit(ownerDepartmentId)) fail(projectColumns.ownerDepartment, "forbidden", departmentKey);
    const current = name ? existing.get(name) : undefined;
    if (current && !input.canEdit(current.ownerDepartmentId)) fail(projectColumns.name, "forbidden", name);
    const statusLabel = cell(projectColumns.status);
    const status = statusByLabel.get(statusLabel);
    if (!status) fail(projectColumns.status, statusLabel ? "unknown_status" : "required", statusLabel);
    const investmentRaw = cell(projectColumns.totalInvestment);
    const totalInvestment = investmentRaw ? parseLooseNumber(investmentRaw) : null;
    if (investmentRaw && (totalInvestment === null || totalInvestment < 0)) fail(projectColumns.totalInvestment, "bad_number", investmentRaw);
    const dates = { startDate: null as string | null, endDate: null as string | null };
    for (const [key, column] of [["startDate", projectColumns.startDate], ["endDate", projectColumns.endDate]] as const) {
      const raw = cell(column);
      if (!raw) continue;
      const parsed = parseDate(raw);
      if (!parsed) fail(column, "bad_date", raw);
      dates[key] = parsed;
    }
    if (errors.length > before) return;
    valid.push({
      existingId: current?.id ?? null,
      values: {
        name,
        category,
        ownerDepartmentId: ownerDepartmentId!,
        status: status!,
        totalInvestment,
        startDate: dates.startDate,
        endDate: dates.endDate,
        location: cell(projectColumns.location),
        description: cell(projectColumns.description),
      },
    });
  });
  if (errors.length) return { ok: false, errors };

  let created = 0;
  let updated = 0;
  const touched: string[] = [];
  await db.transaction(async (tx) => {
    for (const { existingId, values } of valid) {
      if (existingId) {
        await tx.update(projects).set({ ...values, updatedAt: new Date() }).where(eq(projects.id, existingId));
        touched.push(existingId);
        updated += 1;
      } else {
        const [row] = await tx.insert(projects).values(values).returning({ id: projects.id });
        touched.push(row!.id);
        created += 1;
      }
    }
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "project.import", targetType: "project", targetId: "csv", details: { created, updated } });
  });
  for (const id of touched) {
    // Rows are matched by name: an imported project never changes its name.
    await indexRegistryEntry(db, "project", id);
    publishRegistryEvent({ type: "project", id });
  }
  return { ok: true, created, updated };
}

export async function exportObservationsCsv(db: Db): Promise<string> {
  const indicatorRows = await db.select({ id: indicators.id, name: indicators.name }).from(indicators);
  const indicatorName = new Map(indicatorRows.map((indicator) => [indicator.id, indicator.name]));
  const rows = await db.select().from(indicatorObservations);
  rows.sort((a, b) => (indicatorName.get(a.indicatorId) ?? "").localeCompare(indicatorName.get(b.indicatorId) ?? "", "zh-CN") || a.period.localeCompare(b.period));
  return toCsv(
    Object.values(observationColumns),
    rows.map((observation) => [indicatorName.get(observation.indicatorId) ?? "", observation.period, observation.value, observation.source]),
  );
}

/**
 * Imports indicator observations with the same all-or-nothing validation. A period already
 * recorded for an indicator, or twice in the file, is refused.
 */
export async function importObservationsCsv(
  db: Db,
  input: { actor: { id: string }; csv: string; canEdit: (ownerDepartmentId: string) => boolean },
): Promise<CsvImportResult> {
  const { header, rows } = parseCsv(input.csv);
  const headerErrors = missingColumns(header, Object.values(observationColumns));
  if (headerErrors.length) return { ok: false, errors: headerErrors };
  const indicatorRows = await db.select({ id: indicators.id, name: indicators.name, ownerDepartmentId: indicators.ownerDepartmentId }).from(indicators);
  const indicatorByName = new Map(indicatorRows.map((indicator) => [indicator.name, indicator]));
  const recorded = new Set((await db.select({ indicatorId: indicatorObservations.indicatorId, period: indicatorObservations.period }).from(indicatorObservations)).map((row) => `${row.indicatorId}|${row.period}`));

  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  const valid: (typeof indicatorObservations.$inferInsert)[] = [];
  rows.forEach((row, index) => {
    const line = index + 2;
    const fail = (column: string, reason: CsvErrorReason, value = "") => errors.push({ line, column, reason, value });
    const cell = (column: string) => row[column] ?? "";
    const before = errors.length;
    const name = cell(observationColumns.indicator);
    const indicator = indicatorByName.get(name);
    if (!name) fail(observationColumns.indicator, "required");
    else if (!indicator) fail(observationColumns.indicator, "unknown_indicator", name);
    else if (!input.canEdit(indicator.ownerDepartmentId)) fail(observationColumns.indicator, "forbidden", name);
    const period = cell(observationColumns.period);
    if (!period) fail(observationColumns.period, "required");
    else if (!PERIOD_PATTERN.test(period)) fail(observationColumns.period, "bad_period", period);
    const valueRaw = cell(observationColumns.value);
    const value = parseLooseNumber(valueRaw);
    if (!valueRaw) fail(observationColumns.value, "required");
    else if (value === null) fail(observationColumns.value, "bad_number", valueRaw);
    const source = cell(observationColumns.source);
    if (!source) fail(observationColumns.source, "required");
    else if (source.length > 300) fail(observationColumns.source, "too_long", source.slice(0, 40));
    if (indicator && period) {
      const key = `${indicator.id}|${period}`;
      if (seen.has(key)) fail(observationColumns.period, "duplicate", period);
      else if (recorded.has(key)) fail(observationColumns.period, "already_recorded", period);
      seen.add(key);
    }
    if (errors.length > before) return;
    valid.push({ indicatorId: indicator!.id, period, value: value!, source, recordedById: input.actor.id });
  });
  if (errors.length) return { ok: false, errors };
  await db.transaction(async (tx) => {
    if (valid.length) await tx.insert(indicatorObservations).values(valid);
    await recordAuditEvent(tx, { actorId: input.actor.id, action: "indicator.importObservations", targetType: "indicator", targetId: "csv", details: { created: valid.length } });
  });
  for (const id of new Set(valid.map((row) => row.indicatorId))) publishRegistryEvent({ type: "indicator", id });
  return { ok: true, created: valid.length, updated: 0 };
}
