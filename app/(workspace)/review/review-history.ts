import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { RouterOutputs } from "../_components/types";

export type ReviewEvent = RouterOutputs["review"]["history"][number];

/** The most recent event of one kind (review.history is oldest first). */
export function latestEvent(history: readonly ReviewEvent[] | undefined, action: ReviewEvent["action"]): ReviewEvent | null {
  return history?.findLast((event) => event.action === action) ?? null;
}

/** Who and when of a review event, in words: { name, department, time } for the messages' placeholders. */
export function useEventWords(namespace: "review.historyEvents" | "reviewActions") {
  const t = useTranslations(namespace);
  const format = useFormatter();
  return useCallback(
    (event: ReviewEvent) => ({
      name: event.actorName ?? t("unknownActor"),
      department: event.actorDepartment ?? t("unknownDepartment"),
      time: format.dateTime(event.createdAt, { year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    }),
    [t, format],
  );
}
