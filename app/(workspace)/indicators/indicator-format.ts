"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";

/**
 * How indicator values read: periods as 2020 年 / 2020 年 9 月 / 2020 年第 3 季度, values with
 * their unit (2240 家, 93%), years as 2025 年.
 */
export function useIndicatorFormat() {
  const format = useFormatter();
  const t = useTranslations("indicators");
  return useMemo(() => {
    const number = (value: number) => format.number(value, { maximumFractionDigits: 4 });
    return {
      number,
      /** "2020" → 2020 年, "2020-09" → 2020 年 9 月, "2020-Q3" → 2020 年第 3 季度; anything else as stored. */
      period: (period: string) => {
        const month = /^(\d{4})-(\d{2})$/.exec(period);
        if (month) return t("period.month", { year: month[1]!, month: Number(month[2]) });
        const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
        if (quarter) return t("period.quarter", { year: quarter[1]!, quarter: Number(quarter[2]) });
        if (/^\d{4}$/.test(period)) return t("period.year", { year: period });
        return period;
      },
      year: (year: number) => t("period.year", { year: String(year) }),
      /** A value with its unit; a percent sign follows the number directly. */
      value: (value: number, unit: string) => (unit === "%" ? `${number(value)}%` : t("valueWithUnit", { value: number(value), unit })),
      dateTime: (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" }),
    };
  }, [format, t]);
}
