"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RouterOutputs } from "../../_components/types";
import { type AuditFilterValues, type AuditInput, auditTypes, filterKeys } from "./audit-query";
import "./audit-filters.css";

/**
 * The filters, kept in the query string as well so that a filtered view can be linked: the page
 * starts from the URL, and each change replaces the URL without a reload.
 */
export function useAuditFilters(initial: AuditFilterValues) {
  const [values, setState] = useState(initial);
  const setValues = (next: AuditFilterValues) => {
    setState(next);
    const query = new URLSearchParams();
    for (const key of filterKeys) if (next[key]) query.set(key, next[key]);
    const search = query.toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  };
  const rangeInvalid = Boolean(values.from && values.to && values.from > values.to);
  const input: AuditInput = {
    ...(values.actor ? { actorId: values.actor } : {}),
    ...(values.department ? { departmentId: values.department } : {}),
    ...(values.type ? { type: values.type } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  };
  const active = filterKeys.some((key) => values[key] !== "");
  return { values, setValues, input, active, rangeInvalid };
}

/** 操作人, 操作人所在部门, 类型 and a day range, with 清除筛选. */
export function AuditFilters({
  values,
  onChange,
  active,
  rangeInvalid,
  users,
  departments,
}: {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  active: boolean;
  rangeInvalid: boolean;
  users: RouterOutputs["user"]["list"] | undefined;
  departments: RouterOutputs["department"]["list"] | undefined;
}) {
  const t = useTranslations("auditFilters");
  const tCommon = useTranslations("common");
  const set = (key: keyof AuditFilterValues) => (event: { target: { value: string } }) => onChange({ ...values, [key]: event.target.value });
  return (
    <div className="audit-filters" role="search" aria-label={t("label")}>
      <div className="field">
        <label htmlFor="audit-actor">{t("actor")}</label>
        <select id="audit-actor" value={values.actor} onChange={set("actor")}>
          <option value="">{t("anyActor")}</option>
          {users?.map((user) => (
            <option key={user.id} value={user.id}>
              {tCommon("nameWithUsername", { displayName: user.displayName, username: user.username })}
            </option>
          ))}
          {/* A linked filter keeps showing while the list loads (or if the person no longer exists). */}
          {values.actor && !users?.some((user) => user.id === values.actor) && <option value={values.actor}>{values.actor.slice(0, 8)}</option>}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-department">{t("department")}</label>
        <select id="audit-department" value={values.department} onChange={set("department")}>
          <option value="">{t("anyDepartment")}</option>
          {departments?.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
          {values.department && !departments?.some((department) => department.id === values.department) && (
            <option value={values.department}>{values.department.slice(0, 8)}</option>
          )}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-type">{t("type")}</label>
        <select id="audit-type" value={values.type} onChange={set("type")}>
          <option value="">{t("anyType")}</option>
          {auditTypes.map((type) => (
            <option key={type} value={type}>
              {t(`types.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">{t("from")}</label>
        <input
          id="audit-from"
          type="date"
          value={values.from}
          max={values.to || undefined}
          onChange={set("from")}
          aria-invalid={rangeInvalid || undefined}
          aria-describedby={rangeInvalid ? "audit-range-error" : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">{t("to")}</label>
        <input
          id="audit-to"
          type="date"
          value={values.to}
          min={values.from || undefined}
          onChange={set("to")}
          aria-invalid={rangeInvalid || undefined}
          aria-describedby={rangeInvalid ? "audit-range-error" : undefined}
        />
      </div>
      <div className="audit-filters-actions">
        <button type="button" className="button" disabled={!active} onClick={() => onChange({ actor: "", department: "", type: "", from: "", to: "" })}>
          {t("clear")}
        </button>
      </div>
      {active && !rangeInvalid && <p className="field-hint audit-filters-hint">{t("copyHint")}</p>}
      {rangeInvalid && (
        <p id="audit-range-error" className="field-error audit-filters-error" role="alert">
          {t("rangeInvalid")}
        </p>
      )}
    </div>
  );
}
