"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Units written straight after the number (2.5%), not after a space (2240 家). */
const TIGHT_UNITS = new Set(["%", "‰", "％"]);

/** How chips, cards and the side panel write figures: values with units, periods, progress, money. */
export function useFigureFormat() {
  const format = useFormatter();
  const t = useTranslations("references");
  return useMemo(() => {
    // Grouping only from five digits: 2240 家 as written in the plan, 12,345 家 where it helps.
    const number = (value: number) => format.number(value, { maximumFractionDigits: 2, useGrouping: "min2" });
    const value = (amount: number, unit: string) => (TIGHT_UNITS.has(unit) ? `${number(amount)}${unit}` : `${number(amount)} ${unit}`);
    /** "2020" → 2020 年, "2020-09" → 2020 年 9 月, "2020-Q3" → 2020 年第 3 季度 (anything else as stored). */
    const period = (stored: string) => {
      const year = YEAR.exec(stored);
      if (year) return t("period.year", { year: year[1]! });
      const month = MONTH.exec(stored);
      if (month) return t("period.month", { year: month[1]!, month: Number(month[2]) });
      const quarter = QUARTER.exec(stored);
      if (quarter) return t("period.quarter", { year: quarter[1]!, quarter: Number(quarter[2]) });
      return stored;
    };
    const percent = (progress: number) => format.number(progress, { style: "percent", maximumFractionDigits: 0 });
    const date = (when: Date | string) => format.dateTime(new Date(when), { year: "numeric", month: "long", day: "numeric" });
    return { number, value, period, percent, date };
  }, [format, t]);
}
