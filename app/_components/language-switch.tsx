"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { LOCALE_COOKIE, locales } from "@/lib/i18n/config";

/** Switches the UI language (remembered in a cookie for a year). */
export function LanguageSwitch() {
  const t = useTranslations("language");
  const current = useLocale();
  const router = useRouter();
  return (
    <div className="language-switch" role="group" aria-label={t("label")}>
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          onClick={() => {
            if (locale === current) return;
            document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
            router.refresh();
          }}
        >
          {t(locale)}
        </button>
      ))}
    </div>
  );
}
