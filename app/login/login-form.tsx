"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { LanguageSwitch } from "../_components/language-switch";

const knownErrors = ["INVALID_CREDENTIALS", "TOO_MANY_ATTEMPTS", "ACCOUNT_DISABLED", "MISSING_FIELDS", "NETWORK"] as const;
type LoginError = (typeof knownErrors)[number] | "UNKNOWN";

export function LoginForm({ next, expired }: { next: string; expired: boolean }) {
  const t = useTranslations("login");
  const tApp = useTranslations("app");
  const [error, setError] = useState<LoginError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!username || !password) {
      setError("MISSING_FIELDS");
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const result = await signIn("credentials", { username, password, redirect: false });
      if (result?.ok && !result.error) {
        window.location.assign(next);
        return;
      }
      const code = result?.error ?? "UNKNOWN";
      setError((knownErrors as readonly string[]).includes(code) ? (code as LoginError) : code === "CredentialsSignin" ? "INVALID_CREDENTIALS" : "UNKNOWN");
    } catch {
      setError("NETWORK");
    }
    setSubmitting(false);
  }

  return (
    <main className="login-page">
      <div className="login-card">
        <h1>{tApp("name")}</h1>
        <p className="subtitle">{t("subtitle")}</p>
        {expired && !error && (
          <div className="alert alert-info" role="status">
            {t("expired")}
          </div>
        )}
        {error && (
          <div className="alert alert-error" role="alert" data-testid="login-error">
            {t(`errors.${error}`)}
          </div>
        )}
        <form onSubmit={onSubmit} noValidate aria-label={t("title")}>
          <div className="field">
            <label htmlFor="username">{t("username")}</label>
            <input id="username" name="username" autoComplete="username" autoFocus required maxLength={64} />
          </div>
          <div className="field">
            <label htmlFor="password">{t("password")}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
          </div>
          <button className="button button-primary" type="submit" disabled={submitting} aria-busy={submitting}>
            {submitting ? t("submitting") : t("submit")}
          </button>
        </form>
        <div style={{ marginTop: 20, display: "flex", justifyContent: "flex-end" }}>
          <LanguageSwitch />
        </div>
      </div>
    </main>
  );
}
