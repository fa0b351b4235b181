"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { Field } from "../_components/field";
import { parseNumberInput } from "../_components/parse-number";
import { useRegistryAbilities } from "../_components/registry-abilities";
import { useRegistryFieldErrors } from "../_components/registry-field-errors";
import type { RouterOutputs } from "../_components/types";
import { projectStatuses, type ProjectStatus } from "./project-format";

type Project = RouterOutputs["project"]["get"];
type Department = RouterOutputs["department"]["list"][number];

/** What project.create takes (project.update takes the same, with the project's id). */
type ProjectInput = {
  fields: {
    name: string;
    category: string;
    ownerDepartmentId: string;
    status: ProjectStatus;
    totalInvestment: number | null;
    startDate: string | null;
    endDate: string | null;
    location: string;
    description: string;
    figures: { label: string; value: number; unit: string }[];
  };
  milestones: { title: string; dueDate: string | null; done: boolean }[];
};

type FigureRow = { key: number; label: string; value: string; unit: string };
type MilestoneRow = { key: number; title: string; dueDate: string; done: boolean };

const basicFields = ["name", "category", "ownerDepartmentId", "status", "totalInvestment", "startDate", "endDate", "location", "description"] as const;

let nextRowKey = 1;
const rowKey = () => nextRowKey++;

/**
 * What the project form offers: the departments the user may give a project to (editors: their
 * own, admins: all), the user's department to preselect, and the categories already in use.
 */
export function useProjectFormOptions() {
  const trpc = useTRPC();
  const abilities = useRegistryAbilities();
  const departments = useQuery(trpc.department.list.queryOptions());
  const projects = useQuery(trpc.project.list.queryOptions({ includeArchived: true }));
  return useMemo(() => {
    const allowed = departments.data?.filter((department) => abilities.canEditProjectsOf(department.id));
    const ownId = abilities.me?.department.id;
    return {
      departments: allowed,
      defaultDepartmentId: allowed?.some((department) => department.id === ownId) ? ownId : undefined,
      categories: [...new Set((projects.data ?? []).map((project) => project.category))].sort((a, b) => a.localeCompare(b, "zh-CN")),
      error: departments.error,
      refetch: () => void departments.refetch(),
    };
  }, [abilities, departments, projects.data]);
}

/** Server messages of the project services and inputs → keys under projects.form.errors. */
function useProjectErrors() {
  const t = useTranslations("projects.form.errors");
  const translate = useCallback(
    (message: string) => {
      if (message === "must be a number") return t("number");
      if (message === "must be 0 or more") return t("nonNegative");
      if (message.startsWith("must be a date")) return t("date");
      if (message === "A project with this name exists") return t("nameTaken");
      if (message === "The end date is before the start date") return t("endBeforeStart");
      if (/^Too (big|small)/i.test(message)) return t("outOfRange");
      return null;
    },
    [t],
  );
  return useRegistryFieldErrors(translate);
}

/**
 * The project form of 新建项目 and 编辑: basic facts, key figures (服务器年产能 36 万台) and
 * milestones. Checks what it can before sending; the server's field errors appear beside the fields.
 */
export function ProjectForm({
  project,
  departments,
  defaultDepartmentId,
  categories,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  project?: Project;
  /** The departments the user may give the project to. */
  departments: Department[];
  defaultDepartmentId?: string;
  categories: string[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: ProjectInput) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("projects.form");
  const tStatus = useTranslations("projects.status");
  const tFields = useTranslations("errors.fields");
  const tCommon = useTranslations("common");
  const errorText = useProjectErrors();
  const formRef = useRef<HTMLFormElement>(null);
  const categoryListId = useId();

  const [values, setValues] = useState({
    name: project?.name ?? "",
    category: project?.category ?? "",
    ownerDepartmentId: project?.ownerDepartmentId ?? defaultDepartmentId ?? (departments.length === 1 ? departments[0]!.id : ""),
    status: project?.status ?? ("" as ProjectStatus | ""),
    totalInvestment: project?.totalInvestment === null || project?.totalInvestment === undefined ? "" : String(project.totalInvestment),
    startDate: project?.startDate ?? "",
    endDate: project?.endDate ?? "",
    location: project?.location ?? "",
    description: project?.description ?? "",
  });
  const [figures, setFigures] = useState<FigureRow[]>(() =>
    (project?.figures ?? []).map((figure) => ({ key: rowKey(), label: figure.label, value: String(figure.value), unit: figure.unit })),
  );
  const [milestones, setMilestones] = useState<MilestoneRow[]>(() =>
    (project?.milestones ?? []).map((milestone) => ({ key: rowKey(), title: milestone.title, dueDate: milestone.dueDate ?? "", done: milestone.done })),
  );
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  /** Row keys in the order sent, to place the server's `figures.2.value` beside the right row. */
  const [sentRows, setSentRows] = useState<{ figures: number[]; milestones: number[] }>({ figures: [], milestones: [] });

  const serverErrors = Object.fromEntries(
    Object.entries(error ? errorText.fieldErrors(error) : {}).map(([field, message]) => {
      const row = /^(figures|milestones)\.(\d+)\.(\w+)$/.exec(field);
      if (!row) return [field, message];
      const key = sentRows[row[1] as "figures" | "milestones"][Number(row[2])];
      return [`${row[1]}.${key}.${row[3]}`, message];
    }),
  );
  const errors: Record<string, string | undefined> = { ...serverErrors, ...clientErrors };

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, clientErrors]);

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of ["name", "category", "ownerDepartmentId", "status"] as const) if (values[field].trim() === "") found[field] = tFields("required");
    const totalInvestment = parseNumberInput(values.totalInvestment);
    if (Number.isNaN(totalInvestment)) found.totalInvestment = t("errors.number");
    else if (totalInvestment !== null && totalInvestment < 0) found.totalInvestment = t("errors.nonNegative");
    if (values.startDate && values.endDate && values.endDate < values.startDate) found.endDate = t("errors.endBeforeStart");

    const filledFigures = figures.filter((row) => row.label.trim() || row.value.trim() || row.unit.trim());
    const figureValues = filledFigures.map((row) => {
      const value = parseNumberInput(row.value);
      if (!row.label.trim()) found[`figures.${row.key}.label`] = tFields("required");
      if (value === null) found[`figures.${row.key}.value`] = tFields("required");
      else if (Number.isNaN(value)) found[`figures.${row.key}.value`] = t("errors.number");
      return { label: row.label.trim(), value: value ?? 0, unit: row.unit.trim() };
    });
    const filledMilestones = milestones.filter((row) => row.title.trim() || row.dueDate);
    for (const row of filledMilestones) if (!row.title.trim()) found[`milestones.${row.key}.title`] = tFields("required");

    setClientErrors(found);
    if (Object.keys(found).length) return;
    setSentRows({ figures: filledFigures.map((row) => row.key), milestones: filledMilestones.map((row) => row.key) });
    onSubmit({
      fields: {
        name: values.name.trim(),
        category: values.category.trim(),
        ownerDepartmentId: values.ownerDepartmentId,
        status: values.status as ProjectStatus,
        totalInvestment,
        startDate: values.startDate || null,
        endDate: values.endDate || null,
        location: values.location.trim(),
        description: values.description.trim(),
        figures: figureValues,
      },
      milestones: filledMilestones.map((row) => ({ title: row.title.trim(), dueDate: row.dueDate || null, done: row.done })),
    });
  }

  const placed = (field: string) => (basicFields as readonly string[]).includes(field) || /^(figures|milestones)\./.test(field);
  const alert = Object.keys(clientErrors).length ? t("checkFields") : error ? errorText.describe(error, placed) : null;

  return (
    <form ref={formRef} className="registry-form" onSubmit={submit} noValidate>
      {alert && (
        <div className="alert alert-error" role="alert">
          {alert}
        </div>
      )}
      <p className="field-hint">{t("requiredNote")}</p>
      <fieldset className="form-section">
        <legend>{t("basics")}</legend>
        <div className="form-grid">
          <Field label={t("name")} error={errors.name} className="form-grid-full">
            {(control) => <input {...control} value={values.name} onChange={set("name")} required maxLength={200} autoComplete="off" />}
          </Field>
          <Field label={t("category")} hint={t("categoryHint")} error={errors.category}>
            {(control) => <input {...control} value={values.category} onChange={set("category")} required maxLength={100} list={categoryListId} autoComplete="off" />}
          </Field>
          <datalist id={categoryListId}>
            {categories.map((category) => (
              <option key={category} value={category} />
            ))}
          </datalist>
          <Field label={t("owner")} hint={departments.length === 1 ? t("ownerOwnHint") : undefined} error={errors.ownerDepartmentId}>
            {(control) => (
              <select {...control} value={values.ownerDepartmentId} onChange={set("ownerDepartmentId")} required>
                <option value="" disabled>
                  {t("choose")}
                </option>
                {departments.map((department) => (
                  <option key={department.id} value={department.id}>
                    {department.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("status")} error={errors.status}>
            {(control) => (
              <select {...control} value={values.status} onChange={set("status")} required>
                <option value="" disabled>
                  {t("choose")}
                </option>
                {projectStatuses.map((status) => (
                  <option key={status} value={status}>
                    {tStatus(status)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("totalInvestment")} hint={t("totalInvestmentHint")} error={errors.totalInvestment}>
            {(control) => <input {...control} value={values.totalInvestment} onChange={set("totalInvestment")} inputMode="decimal" autoComplete="off" />}
          </Field>
          <Field label={t("startDate")} error={errors.startDate}>
            {(control) => <input {...control} type="date" value={values.startDate} onChange={set("startDate")} />}
          </Field>
          <Field label={t("endDate")} error={errors.endDate}>
            {(control) => <input {...control} type="date" value={values.endDate} onChange={set("endDate")} min={values.startDate || undefined} />}
          </Field>
          <Field label={t("location")} error={errors.location} className="form-grid-full">
            {(control) => <input {...control} value={values.location} onChange={set("location")} maxLength={100} />}
          </Field>
          <Field label={t("description")} error={errors.description} className="form-grid-full">
            {(control) => <textarea {...control} value={values.description} onChange={set("description")} rows={4} maxLength={5000} />}
          </Field>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("figures.legend")}</legend>
        <p className="field-hint">{t("figures.hint")}</p>
        {figures.length > 0 && (
          <table className="rows-table">
            <thead>
              <tr>
                <th scope="col">{t("figures.label")}</th>
                <th scope="col">{t("figures.value")}</th>
                <th scope="col">{t("figures.unit")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("rowActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.map((row, index) => {
                const update = (patch: Partial<FigureRow>) => setFigures((rows) => rows.map((item) => (item.key === row.key ? { ...item, ...patch } : item)));
                const n = index + 1;
                return (
                  <tr key={row.key}>
                    <td>
                      <RowInput label={t("figures.labelOf", { n })} placeholder={t("figures.label")} value={row.label} onChange={(label) => update({ label })} error={errors[`figures.${row.key}.label`]} maxLength={100} />
                    </td>
                    <td>
                      <RowInput
                        label={t("figures.valueOf", { n })}
                        placeholder={t("figures.value")}
                        value={row.value}
                        onChange={(value) => update({ value })}
                        error={errors[`figures.${row.key}.value`]}
                        inputMode="decimal"
                      />
                    </td>
                    <td>
                      <RowInput label={t("figures.unitOf", { n })} placeholder={t("figures.unit")} value={row.unit} onChange={(unit) => update({ unit })} error={errors[`figures.${row.key}.unit`]} maxLength={100} />
                    </td>
                    <td>
                      <button type="button" className="button button-small button-danger" onClick={() => setFigures((rows) => rows.filter((item) => item.key !== row.key))}>
                        {t("remove")}
                        <span className="visually-hidden">{t("figures.rowName", { n })}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <button type="button" className="button button-small" onClick={() => setFigures((rows) => [...rows, { key: rowKey(), label: "", value: "", unit: "" }])}>
          {t("figures.add")}
        </button>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("milestones.legend")}</legend>
        <p className="field-hint">{t("milestones.hint")}</p>
        {milestones.length > 0 && (
          <table className="rows-table">
            <thead>
              <tr>
                <th scope="col">{t("milestones.title")}</th>
                <th scope="col">{t("milestones.dueDate")}</th>
                <th scope="col">{t("milestones.done")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("rowActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {milestones.map((row, index) => {
                const update = (patch: Partial<MilestoneRow>) => setMilestones((rows) => rows.map((item) => (item.key === row.key ? { ...item, ...patch } : item)));
                const n = index + 1;
                return (
                  <tr key={row.key}>
                    <td className="rows-table-wide">
                      <RowInput label={t("milestones.titleOf", { n })} placeholder={t("milestones.title")} value={row.title} onChange={(title) => update({ title })} error={errors[`milestones.${row.key}.title`]} maxLength={200} />
                    </td>
                    <td>
                      <RowInput label={t("milestones.dueDateOf", { n })} type="date" value={row.dueDate} onChange={(dueDate) => update({ dueDate })} error={errors[`milestones.${row.key}.dueDate`]} />
                    </td>
                    <td>
                      <label className="checkbox-label">
                        <input type="checkbox" checked={row.done} onChange={(event) => update({ done: event.target.checked })} />
                        <span className="visually-hidden">{t("milestones.doneOf", { n })}</span>
                        <span className="narrow-only" aria-hidden="true">
                          {t("milestones.done")}
                        </span>
                      </label>
                    </td>
                    <td>
                      <button type="button" className="button button-small button-danger" onClick={() => setMilestones((rows) => rows.filter((item) => item.key !== row.key))}>
                        {t("remove")}
                        <span className="visually-hidden">{t("milestones.rowName", { n })}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <button type="button" className="button button-small" onClick={() => setMilestones((rows) => [...rows, { key: rowKey(), title: "", dueDate: "", done: false }])}>
          {t("milestones.add")}
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
          {pending ? tCommon("saving") : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {tCommon("cancel")}
        </button>
      </div>
    </form>
  );
}

/** An input in a row of a repeatable table, labelled for screen readers by its row ("第 2 项 数值"). */
function RowInput({
  label,
  value,
  onChange,
  error,
  type = "text",
  inputMode,
  maxLength,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  type?: "text" | "date";
  inputMode?: "decimal";
  maxLength?: number;
  /** The column's name, for narrow screens where the table header is hidden. */
  placeholder?: string;
}) {
  const errorId = useId();
  return (
    <div className="row-input">
      <input
        type={type}
        aria-label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        inputMode={inputMode}
        maxLength={maxLength}
        placeholder={placeholder}
        autoComplete="off"
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
