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

type Indicator = RouterOutputs["indicator"]["get"];
type Department = RouterOutputs["department"]["list"][number];
type Direction = Indicator["direction"];

/** What indicator.create takes (indicator.update takes the same, with the indicator's id). */
type IndicatorFields = {
  name: string;
  unit: string;
  category: string;
  ownerDepartmentId: string;
  direction: Direction;
  baselineValue: number | null;
  baselineYear: number | null;
  targetValue: number | null;
  targetYear: number | null;
  description: string;
};

const formFields = ["name", "unit", "category", "ownerDepartmentId", "direction", "baselineValue", "baselineYear", "targetValue", "targetYear", "description"] as const;
const directions = Object.keys({ higher_is_better: true, lower_is_better: true } satisfies Record<Direction, true>) as Direction[];
/** The years the server accepts (server/routers/indicators.ts). */
const FIRST_YEAR = 1949;
const LAST_YEAR = 2100;

/** The departments the user may give an indicator to, the one to preselect, and the categories in use. */
export function useIndicatorFormOptions() {
  const trpc = useTRPC();
  const abilities = useRegistryAbilities();
  const departments = useQuery(trpc.department.list.queryOptions());
  const indicators = useQuery(trpc.indicator.list.queryOptions({ includeArchived: true }));
  return useMemo(() => {
    const allowed = departments.data?.filter((department) => abilities.canEditIndicatorsOf(department.id));
    const ownId = abilities.me?.department.id;
    return {
      departments: allowed,
      defaultDepartmentId: allowed?.some((department) => department.id === ownId) ? ownId : undefined,
      categories: [...new Set((indicators.data ?? []).map((indicator) => indicator.category))].sort((a, b) => a.localeCompare(b, "zh-CN")),
      error: departments.error,
      refetch: () => void departments.refetch(),
    };
  }, [abilities, departments, indicators.data]);
}

/** Server messages of the indicator services and inputs → keys under indicators.form.errors. */
function useIndicatorErrors() {
  const t = useTranslations("indicators.form.errors");
  const translate = useCallback(
    (message: string) => {
      if (message === "must be a number") return t("number");
      if (message === "must be a year") return t("year", { first: FIRST_YEAR, last: LAST_YEAR });
      if (message === "An indicator with this name exists") return t("nameTaken");
      if (/^Too (big|small)/i.test(message)) return t("outOfRange");
      return null;
    },
    [t],
  );
  return useRegistryFieldErrors(translate);
}

/** The indicator form of 新建指标 and 编辑. */
export function IndicatorForm({
  indicator,
  departments,
  defaultDepartmentId,
  categories,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  indicator?: Indicator;
  departments: Department[];
  defaultDepartmentId?: string;
  categories: string[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (fields: IndicatorFields) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("indicators.form");
  const tDirection = useTranslations("indicators.direction");
  const tFields = useTranslations("errors.fields");
  const tCommon = useTranslations("common");
  const errorText = useIndicatorErrors();
  const formRef = useRef<HTMLFormElement>(null);
  const categoryListId = useId();
  const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

  const [values, setValues] = useState({
    name: indicator?.name ?? "",
    unit: indicator?.unit ?? "",
    category: indicator?.category ?? "",
    ownerDepartmentId: indicator?.ownerDepartmentId ?? defaultDepartmentId ?? (departments.length === 1 ? departments[0]!.id : ""),
    direction: indicator?.direction ?? ("higher_is_better" as Direction),
    baselineValue: text(indicator?.baselineValue),
    baselineYear: text(indicator?.baselineYear),
    targetValue: text(indicator?.targetValue),
    targetYear: text(indicator?.targetYear),
    description: indicator?.description ?? "",
  });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors: Record<string, string | undefined> = { ...(error ? errorText.fieldErrors(error) : {}), ...clientErrors };

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, clientErrors]);

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const field of ["name", "unit", "category", "ownerDepartmentId"] as const) if (values[field].trim() === "") found[field] = tFields("required");
    const number = (field: "baselineValue" | "targetValue") => {
      const value = parseNumberInput(values[field]);
      if (Number.isNaN(value)) found[field] = t("errors.number");
      return value;
    };
    const year = (field: "baselineYear" | "targetYear") => {
      const value = parseNumberInput(values[field]);
      if (value !== null && !(Number.isInteger(value) && value >= FIRST_YEAR && value <= LAST_YEAR)) found[field] = t("errors.year", { first: FIRST_YEAR, last: LAST_YEAR });
      return value;
    };
    const fields: IndicatorFields = {
      name: values.name.trim(),
      unit: values.unit.trim(),
      category: values.category.trim(),
      ownerDepartmentId: values.ownerDepartmentId,
      direction: values.direction,
      baselineValue: number("baselineValue"),
      baselineYear: year("baselineYear"),
      targetValue: number("targetValue"),
      targetYear: year("targetYear"),
      description: values.description.trim(),
    };
    setClientErrors(found);
    if (Object.keys(found).length === 0) onSubmit(fields);
  }

  const alert = Object.keys(clientErrors).length ? t("checkFields") : error ? errorText.describe(error, (field) => (formFields as readonly string[]).includes(field)) : null;

  return (
    <form ref={formRef} className="registry-form" onSubmit={submit} noValidate>
      {alert && (
        <div className="alert alert-error" role="alert">
          {alert}
        </div>
      )}
      <p className="field-hint">{t("requiredNote")}</p>
      <div className="form-grid">
        <Field label={t("name")} error={errors.name} className="form-grid-full">
          {(control) => <input {...control} value={values.name} onChange={set("name")} required maxLength={200} autoComplete="off" />}
        </Field>
        <Field label={t("unit")} hint={t("unitHint")} error={errors.unit}>
          {(control) => <input {...control} value={values.unit} onChange={set("unit")} required maxLength={20} autoComplete="off" />}
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
        <Field label={t("baselineValue")} error={errors.baselineValue}>
          {(control) => <input {...control} value={values.baselineValue} onChange={set("baselineValue")} inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field label={t("baselineYear")} error={errors.baselineYear}>
          {(control) => <input {...control} value={values.baselineYear} onChange={set("baselineYear")} inputMode="numeric" placeholder="2020" autoComplete="off" />}
        </Field>
        <Field label={t("direction")} error={errors.direction}>
          {(control) => (
            <select {...control} value={values.direction} onChange={set("direction")}>
              {directions.map((direction) => (
                <option key={direction} value={direction}>
                  {tDirection(direction)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("targetValue")} error={errors.targetValue}>
          {(control) => <input {...control} value={values.targetValue} onChange={set("targetValue")} inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field label={t("targetYear")} error={errors.targetYear}>
          {(control) => <input {...control} value={values.targetYear} onChange={set("targetYear")} inputMode="numeric" placeholder="2025" autoComplete="off" />}
        </Field>
        <Field label={t("description")} error={errors.description} className="form-grid-full">
          {(control) => <textarea {...control} value={values.description} onChange={set("description")} rows={3} maxLength={5000} />}
        </Field>
      </div>
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
