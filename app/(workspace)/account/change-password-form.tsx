"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../_components/error-text";
import { Field } from "../_components/field";

/** Seconds between a successful change and the automatic sign-out, so the message can be read. */
const SIGN_OUT_DELAY_SECONDS = 8;

const formFields = ["oldPassword", "newPassword", "confirmPassword"] as const;
type FormField = (typeof formFields)[number];

/** 修改密码. A changed password ends every session, this one included, so the user logs in again. */
export function ChangePasswordForm({ passwordMinLength }: { passwordMinLength: number }) {
  const t = useTranslations("account");
  const tRoles = useTranslations("roles");
  const tFields = useTranslations("errors.fields");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const formRef = useRef<HTMLFormElement>(null);
  const [clientErrors, setClientErrors] = useState<Partial<Record<FormField, string>>>({});

  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const errors: Partial<Record<string, string>> = { ...(change.error ? errorText.fieldErrors(change.error) : {}), ...clientErrors };

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [change.error, clientErrors]);

  useEffect(() => {
    if (!change.isSuccess) return;
    const timer = setTimeout(() => void signOut({ callbackUrl: "/login" }), SIGN_OUT_DELAY_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [change.isSuccess]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (field: FormField) => String(form.get(field) ?? "");
    const found: Partial<Record<FormField, string>> = {};
    for (const field of formFields) if (!value(field)) found[field] = tFields("required");
    if (!found.newPassword && !found.confirmPassword && value("newPassword") !== value("confirmPassword")) {
      found.confirmPassword = tFields("passwordMismatch");
    }
    change.reset();
    setClientErrors(found);
    if (Object.keys(found).length) return;
    change.mutate({ oldPassword: value("oldPassword"), newPassword: value("newPassword") });
  }

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        {me.data && (
          <p className="page-intro">
            {t("signedInAs", {
              name: me.data.displayName,
              username: me.data.username,
              department: me.data.department.name,
              role: tRoles(me.data.role),
            })}
          </p>
        )}
      </header>
      <section className="card" aria-labelledby="change-password-heading">
        <h2 id="change-password-heading" className="card-title">
          {t("formTitle")}
        </h2>
        {change.isSuccess ? (
          <div className="alert alert-success" role="status">
            <p className="state-title">{t("done")}</p>
            <p>{t("signOutSoon", { seconds: SIGN_OUT_DELAY_SECONDS })}</p>
            <button type="button" className="button button-primary" onClick={() => void signOut({ callbackUrl: "/login" })}>
              {t("signInAgain")}
            </button>
          </div>
        ) : (
          <form ref={formRef} onSubmit={onSubmit} noValidate>
            <p className="muted">{t("intro")}</p>
            {change.isError && (
              <div className="alert alert-error" role="alert">
                {errorText.describe(change.error, formFields)}
              </div>
            )}
            <Field label={t("oldPassword")} error={errors.oldPassword}>
              {(control) => <input {...control} name="oldPassword" type="password" autoComplete="current-password" required maxLength={200} />}
            </Field>
            <Field label={t("newPassword")} hint={t("newPasswordHint", { min: passwordMinLength })} error={errors.newPassword}>
              {(control) => <input {...control} name="newPassword" type="password" autoComplete="new-password" required maxLength={128} />}
            </Field>
            <Field label={t("confirmPassword")} error={errors.confirmPassword}>
              {(control) => <input {...control} name="confirmPassword" type="password" autoComplete="new-password" required maxLength={128} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={change.isPending} aria-busy={change.isPending}>
                {change.isPending ? t("submitting") : t("submit")}
              </button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
}
