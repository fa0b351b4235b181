import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, LOCALE_COOKIE } from "./config";
import { loadMessages } from "./messages";

/** Locale from the language cookie (zh-CN by default); no locale in URLs. */
export default getRequestConfig(async () => {
  const stored = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(stored) ? stored : defaultLocale;
  const messages = await loadMessages(locale);
  return { locale, messages, timeZone: "Asia/Shanghai" };
});
