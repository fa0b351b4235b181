"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { roles } from "@/server/policy";
import { useErrorText } from "../../_components/error-text";
import { Field } from "../../_components/field";
import type { RouterOutputs } from "../../_components/types";

type Department = RouterOutputs["department"]["list"][number];

const formFields = ["username", "displayName", "role", "departmentId", "password"] as const;
type FormField = (typeof formFields)[number];

/** The 新建用户 form. All fields are required; the server checks formats and that the username is free. */
export function CreateUserForm({
  departments,
  passwordMinLength,
  onCreated,
}: {
  departments: Department[] | undefined;
  passwordMinLength: number;
  onCreated: (message: string) => void;
}) {
  const t = useTranslations("users.create");
  const tRoles = useTranslations("roles");
  const tFields = useTranslations("errors.fields");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [missing, setMissing] = useState<Partial<Record<FormField, string>>>({});

  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: async (_created, input) => {
        formRef.current?.reset();
        onCreated(t("created", { username: input.username.trim() }));
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.user.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.department.list.queryKey() }),
        ]);
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
    const value = (field: FormField) => String(form.get(field) ?? "");
    const empty = Object.fromEntries(formFields.filter((field) => value(field).trim() === "").map((field) => [field, tFields("required")]));
    create.reset();
    setMissing(empty);
    if (Object.keys(empty).length) return;
    create.mutate({
      username: value("username"),
      displayName: value("displayName"),
      role: value("role") as (typeof roles)[number],
      departmentId: value("departmentId"),
      password: value("password"),
    });
  }

  return (
    <form ref={formRef} className="form-grid" onSubmit={onSubmit} noValidate aria-labelledby="create-user-heading">
      {create.isError && (
        <div className="alert alert-error form-grid-full" role="alert">
          {errorText.describe(create.error, formFields)}
        </div>
      )}
      <Field label={t("username")} hint={t("usernameHint")} error={errors.username}>
        {(control) => <input {...control} name="username" autoComplete="off" spellCheck={false} required maxLength={32} />}
      </Field>
      <Field label={t("displayName")} error={errors.displayName}>
        {(control) => <input {...control} name="displayName" autoComplete="off" required maxLength={64} />}
      </Field>
      <Field label={t("role")} error={errors.role}>
        {(control) => (
          <select {...control} name="role" required defaultValue="">
            <option value="" disabled>
              {t("choose")}
            </option>
            {roles.map((role) => (
              <option key={role} value={role}>
                {tRoles(role)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("department")} error={errors.departmentId}>
        {(control) => (
          <select {...control} name="departmentId" required defaultValue="" disabled={!departments}>
            <option value="" disabled>
              {departments ? t("choose") : t("loadingDepartments")}
            </option>
            {departments?.map((department) => (
              <option key={department.id} value={department.id}>
                {department.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("password")} hint={t("passwordHint", { min: passwordMinLength })} error={errors.password}>
        {(control) => <input {...control} name="password" type="password" autoComplete="new-password" required maxLength={128} />}
      </Field>
      <div className="form-actions form-grid-full">
        <button type="submit" className="button button-primary" disabled={create.isPending} aria-busy={create.isPending}>
          {create.isPending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
