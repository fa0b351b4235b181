"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import type { RouterOutputs } from "../_components/types";

export type ProjectStatus = RouterOutputs["project"]["list"][number]["status"];

/** The statuses in the order of a project's life; the `satisfies` keeps it complete. */
export const projectStatuses = Object.keys({
  planned: true,
  under_construction: true,
  in_production: true,
  completed: true,
  suspended: true,
} satisfies Record<ProjectStatus, true>) as ProjectStatus[];

/** Dates and amounts as the registry shows them: 2021年3月1日, 12.5 亿元. */
export function useProjectFormat() {
  const format = useFormatter();
  const t = useTranslations("projects");
  return useMemo(
    () => ({
      /** A calendar date stored as YYYY-MM-DD, in the reader's language. */
      date: (isoDate: string) => {
        const [year, month, day] = isoDate.split("-").map(Number);
        return format.dateTime(new Date(Date.UTC(year!, month! - 1, day!)), { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      },
      investment: (value: number) => t("investmentValue", { value: format.number(value, { maximumFractionDigits: 2 }) }),
      number: (value: number) => format.number(value, { maximumFractionDigits: 4 }),
      dateTime: (value: Date) => format.dateTime(value, { dateStyle: "medium", timeStyle: "short" }),
    }),
    [format, t],
  );
}
