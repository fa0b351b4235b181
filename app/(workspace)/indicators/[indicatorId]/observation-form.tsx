"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { Field } from "../../_components/field";
import type { Notice } from "../../_components/feedback";
import { parseNumberInput } from "../../_components/parse-number";
import { useRegistryFieldErrors } from "../../_components/registry-field-errors";
import type { RouterOutputs } from "../../_components/types";
import { useIndicatorFormat } from "../indicator-format";

type Indicator = RouterOutputs["indicator"]["get"];
const formFields = ["period", "value", "source"] as const;

/** 录入观测值: one value for one period; a period already recorded is refused beside the field. */
export function ObservationForm({ indicator, onNotice }: { indicator: Indicator; onNotice: (notice: Notice) => void }) {
  const t = useTranslations("indicators.detail.record");
  const tFields = useTranslations("errors.fields");
  const format = useIndicatorFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const translate = useCallback(
    (message: string) => {
      if (message.startsWith("must be a year (2020)")) return t("errors.periodFormat");
      if (/^A value for .* is already recorded$/.test(message)) return t("errors.periodTaken");
      if (message === "must be a number") return t("errors.number");
      if (/^Too (big|small)/i.test(message)) return t("errors.outOfRange");
      return null;
    },
    [t],
  );
  const errorText = useRegistryFieldErrors(translate);
  const [values, setValues] = useState({ period: "", value: "", source: "" });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const record = useMutation(
    trpc.indicator.addObservation.mutationOptions({
      onSuccess: async (_result, input) => {
        setValues((current) => ({ period: "", value: "", source: current.source }));
        onNotice({ tone: "success", text: t("done", { name: indicator.name, period: format.period(input.period), value: format.value(input.value, indicator.unit) }) });
        await queryClient.invalidateQueries(trpc.indicator.pathFilter());
      },
    }),
  );
  // A duplicate period is a CONFLICT on `period`; other conflicts would have no field.
  const serverErrors = record.error ? errorText.fieldErrors(record.error) : {};
  const errors: Record<string, string | undefined> = { ...serverErrors, ...clientErrors };
  const alert = Object.keys(clientErrors).length
    ? null
    : record.error && !(errorCodeOf(record.error) === "CONFLICT" && serverErrors.period)
      ? errorText.describe(record.error, (field) => (formFields as readonly string[]).includes(field))
      : null;

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [record.error, clientErrors]);

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const period = values.period.trim().toUpperCase();
    const value = parseNumberInput(values.value);
    if (!period) found.period = tFields("required");
    if (value === null) found.value = tFields("required");
    else if (Number.isNaN(value)) found.value = t("errors.number");
    if (!values.source.trim()) found.source = tFields("required");
    record.reset();
    onNotice(null);
    setClientErrors(found);
    if (Object.keys(found).length === 0) record.mutate({ indicatorId: indicator.id, period, value: value!, source: values.source.trim() });
  }

  return (
    <section className="card" aria-labelledby="record-observation">
      <h2 id="record-observation" className="card-title">
        {t("title")}
      </h2>
      <form ref={formRef} onSubmit={submit} noValidate>
        {alert && (
          <div className="alert alert-error" role="alert">
            {alert}
          </div>
        )}
        <Field label={t("period")} hint={t("periodHint")} error={errors.period}>
          {(control) => <input {...control} value={values.period} onChange={set("period")} required maxLength={7} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field label={t("value", { unit: indicator.unit })} error={errors.value}>
          {(control) => <input {...control} value={values.value} onChange={set("value")} required inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field label={t("source")} hint={t("sourceHint")} error={errors.source}>
          {(control) => <input {...control} value={values.source} onChange={set("source")} required maxLength={300} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={record.isPending} aria-busy={record.isPending}>
            {record.isPending ? t("submitting") : t("submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
