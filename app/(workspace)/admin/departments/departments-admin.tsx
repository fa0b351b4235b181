"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../../_components/error-text";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../../_components/feedback";
import { Field } from "../../_components/field";
import type { RouterOutputs } from "../../_components/types";

type Department = RouterOutputs["department"]["list"][number];

function CreateDepartmentForm({ onCreated }: { onCreated: (message: string) => void }) {
  const t = useTranslations("departments.create");
  const tFields = useTranslations("errors.fields");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [missing, setMissing] = useState<Partial<Record<"name" | "code", string>>>({});
  const create = useMutation(
    trpc.department.create.mutationOptions({
      onSuccess: async (department) => {
        formRef.current?.reset();
        onCreated(t("done", { name: department.name, code: department.code }));
        await queryClient.invalidateQueries({ queryKey: trpc.department.list.queryKey() });
      },
    }),
  );
  const errors: Partial<Record<string, string>> = { ...(create.error ? errorText.fieldErrors(create.error) : {}), ...missing };

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [create.error, missing]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    const code = String(form.get("code") ?? "");
    const empty = {
      ...(name.trim() ? {} : { name: tFields("required") }),
      ...(code.trim() ? {} : { code: tFields("required") }),
    };
    create.reset();
    setMissing(empty);
    if (!Object.keys(empty).length) create.mutate({ name, code });
  }

  return (
    <form ref={formRef} className="form-grid" onSubmit={onSubmit} noValidate aria-labelledby="create-department-heading">
      {create.isError && (
        <div className="alert alert-error form-grid-full" role="alert">
          {errorText.describe(create.error, ["name", "code"])}
        </div>
      )}
      <Field label={t("name")} hint={t("nameHint")} error={errors.name}>
        {(control) => <input {...control} name="name" autoComplete="off" required maxLength={64} />}
      </Field>
      <Field label={t("code")} hint={t("codeHint")} error={errors.code}>
        {(control) => <input {...control} name="code" autoComplete="off" spellCheck={false} required maxLength={16} className="mono" />}
      </Field>
      <div className="form-actions form-grid-full">
        <button type="submit" className="button button-primary" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}

/** The name cell while renaming: an inline form; Escape or 取消 leaves it unchanged. */
function RenameForm({ department, onDone, onCancel }: { department: Department; onDone: (message: string) => void; onCancel: () => void }) {
  const t = useTranslations("departments.rename");
  const tCommon = useTranslations("common");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(department.name);
  const rename = useMutation(
    trpc.department.rename.mutationOptions({
      onSuccess: async (renamed) => {
        onDone(t("done", { from: department.name, to: renamed.name }));
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.department.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
        ]);
      },
    }),
  );
  const errorId = `rename-${department.id}-error`;
  const error = rename.error ? errorText.describe(rename.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === department.name) {
      onCancel();
      return;
    }
    rename.mutate({ departmentId: department.id, name });
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      <input
        aria-label={t("label", { name: department.name })}
        value={name}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        autoFocus
        required
        maxLength={64}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <button type="submit" className="button button-small button-primary" disabled={rename.isPending} aria-busy={rename.isPending}>
        {rename.isPending ? tCommon("saving") : tCommon("save")}
      </button>
      <button type="button" className="button button-small" onClick={onCancel}>
        {tCommon("cancel")}
      </button>
      {error && (
        <p id={errorId} className="field-error inline-form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** 部门管理: departments with their user counts; admins create and rename them. */
export function DepartmentsAdmin() {
  const t = useTranslations("departments");
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const departments = useQuery(trpc.department.list.queryOptions());
  const canManage = me.data?.abilities.canManageDepartments ?? false;
  const [notice, setNotice] = useState<Notice>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const renameButtons = useRef(new Map<string, HTMLButtonElement>());

  function stopRenaming(departmentId: string) {
    setRenamingId(null);
    // The rename button comes back in place of the form; put the focus back on it.
    requestAnimationFrame(() => renameButtons.current.get(departmentId)?.focus());
  }

  let list;
  if (departments.isPending) list = <LoadingState />;
  else if (departments.isError) list = <ErrorState title={t("loadFailed")} error={departments.error} onRetry={() => void departments.refetch()} />;
  else if (departments.data.length === 0)
    list = (
      <EmptyState title={t("emptyTitle")}>
        <p>{canManage ? t("emptyBodyAdmin") : t("emptyBody")}</p>
      </EmptyState>
    );
  else
    list = (
      <div className="table-scroll" role="region" aria-labelledby="departments-heading" tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("columns.name")}</th>
              <th scope="col">{t("columns.code")}</th>
              <th scope="col" className="numeric">
                {t("columns.userCount")}
              </th>
              {canManage && <th scope="col">{t("columns.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {departments.data.map((department) => (
              <tr key={department.id} data-testid="department-row">
                <th scope="row" className="row-title">
                  {renamingId === department.id ? (
                    <RenameForm
                      department={department}
                      onCancel={() => stopRenaming(department.id)}
                      onDone={(text) => {
                        setNotice({ tone: "success", text });
                        stopRenaming(department.id);
                      }}
                    />
                  ) : (
                    department.name
                  )}
                </th>
                <td className="mono">{department.code}</td>
                <td className="numeric">{department.userCount}</td>
                {canManage && (
                  <td>
                    {renamingId !== department.id && (
                      <button
                        type="button"
                        className="button button-small"
                        ref={(element) => {
                          if (element) renameButtons.current.set(department.id, element);
                          else renameButtons.current.delete(department.id);
                        }}
                        aria-label={t("rename.button", { name: department.name })}
                        onClick={() => {
                          setNotice(null);
                          setRenamingId(department.id);
                        }}
                      >
                        {t("rename.action")}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        <p className="page-intro">{t("intro")}</p>
      </header>
      <NoticeRegion notice={notice} onDismiss={() => setNotice(null)} />
      {canManage && (
        <section className="card" aria-labelledby="create-department-heading">
          <h2 id="create-department-heading" className="card-title">
            {t("create.title")}
          </h2>
          <CreateDepartmentForm onCreated={(text) => setNotice({ tone: "success", text })} />
        </section>
      )}
      <section className="card" aria-labelledby="departments-heading">
        <h2 id="departments-heading" className="card-title">
          {t("listTitle")}
        </h2>
        {list}
      </section>
    </div>
  );
}
