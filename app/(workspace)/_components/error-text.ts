"use client";

import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { errorCodeOf, fieldErrorsOf } from "@/app/_components/trpc";

type Translation = { key: string; values?: Record<string, number> };

/** Server field messages (server/routers/inputs.ts, server/services/*) → keys under errors.fields. */
const exactFieldMessages: Record<string, string> = {
  "is required": "required",
  "must be a valid id": "invalidId",
  "letters, digits, _ . - only, starting with a letter": "usernameFormat",
  "letters, digits and _ only, starting with a letter": "departmentCodeFormat",
  "Username already taken": "usernameTaken",
  "Unknown department": "unknownDepartment",
  "Unknown user": "unknownUser",
  "Unknown plan": "unknownPlan",
  "The last enabled admin cannot lose that role": "lastAdmin",
  "You cannot disable your own account": "cannotDisableSelf",
  "The current password is wrong": "wrongCurrentPassword",
  "The new password must differ from the current one": "samePassword",
};

function translationOf(field: string, message: string): Translation | null {
  if (message === "A department with this name or code already exists") {
    return { key: field === "code" ? "departmentCodeTaken" : "departmentNameTaken" };
  }
  const exact = exactFieldMessages[message];
  if (exact) return { key: exact };
  const between = /^must be (\d+)–(\d+) characters$/.exec(message);
  if (between) return { key: "lengthBetween", values: { min: Number(between[1]), max: Number(between[2]) } };
  const atLeast = /^must be at least (\d+) characters$/.exec(message);
  if (atLeast) return { key: "minLength", values: { min: Number(atLeast[1]) } };
  const atMost = /^must be at most (\d+) characters$/.exec(message);
  if (atMost) return { key: "maxLength", values: { max: Number(atMost[1]) } };
  if (message.startsWith("must be one of ")) return { key: "invalidChoice" };
  return null;
}

/**
 * Turns tRPC failures into text for the user: field messages translated where the server's
 * message is known (else shown as sent), and one sentence per error code saying what to do.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  return useMemo(() => {
    const fieldMessage = (field: string, message: string) => {
      const translation = translationOf(field, message);
      return translation ? t(`fields.${translation.key}`, translation.values) : message;
    };
    const fieldErrors = (error: unknown): Record<string, string> =>
      Object.fromEntries(Object.entries(fieldErrorsOf(error)).map(([field, message]) => [field, fieldMessage(field, message)]));
    const summary = (error: unknown) => {
      const code = errorCodeOf(error);
      if (!code) return t(error instanceof TRPCClientError ? "codes.NETWORK" : "codes.UNKNOWN");
      return t.has(`codes.${code}`) ? t(`codes.${code}`) : t("codes.UNKNOWN");
    };
    /** Text for the form's alert: field errors the form cannot place beside a field, or the code's sentence. */
    const describe = (error: unknown, formFields: readonly string[] = []) => {
      const fields = fieldErrorsOf(error);
      const elsewhere = Object.entries(fields).filter(([field]) => !formFields.includes(field));
      if (elsewhere.length) return elsewhere.map(([field, message]) => fieldMessage(field, message)).join(" ");
      if (Object.keys(fields).length) return t("checkFields");
      return summary(error);
    };
    return { fieldMessage, fieldErrors, summary, describe };
  }, [t]);
}
